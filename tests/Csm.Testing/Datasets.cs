namespace Csm.Testing;

/// <summary>
/// The shared public datasets (../shared/datasets beside the repository; CSM_DATASETS overrides). They are read
/// where they are and never copied into the repository.
/// </summary>
public static class Datasets
{
    public static string? Find(string fileName)
    {
        var configured = Environment.GetEnvironmentVariable("CSM_DATASETS");
        if (!string.IsNullOrEmpty(configured)) return File.Exists(Path.Combine(configured, fileName)) ? Path.Combine(configured, fileName) : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets", fileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

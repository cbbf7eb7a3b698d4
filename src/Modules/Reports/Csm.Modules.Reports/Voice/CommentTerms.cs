using System.Text.RegularExpressions;
using JiebaNet.Segmenter;

namespace Csm.Modules.Reports.Voice;

/// <summary>
/// The words of a comment, for finding what customers talk about that no theme names: Chinese runs segmented by jieba,
/// other letters split into words, lower-cased; stop words, single Chinese characters, numbers and punctuation dropped.
/// </summary>
internal static partial class CommentTerms
{
    /// <summary>Where the module's build copies jieba's dictionary (see the csproj): beside the running assembly.</summary>
    public static readonly string DictionaryFolder = Path.Combine(AppContext.BaseDirectory, "jieba");

    private static readonly Lazy<JiebaSegmenter> Segmenter = new(() =>
    {
        if (!File.Exists(Path.Combine(DictionaryFolder, "dict.txt")))
            throw new InvalidOperationException($"jieba's dictionary is missing from {DictionaryFolder}; the Reports module's build copies it there.");
        ConfigManager.ConfigFileBaseDir = DictionaryFolder;
        return new JiebaSegmenter();
    });

    private static readonly Lock Cutting = new();

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "did", "do", "does", "for", "from", "had", "has",
        "have", "he", "her", "his", "i", "if", "in", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "she",
        "so", "than", "that", "the", "their", "them", "then", "there", "they", "this", "to", "too", "us", "very", "was", "we",
        "were", "what", "when", "which", "with", "would", "you", "your", "just", "still", "again", "all", "also", "will", "get",
        "got", "im", "it's", "i'm", "don't", "didn't", "really",
        "我们", "你们", "他们", "她们", "它们", "这个", "那个", "这些", "那些", "一个", "没有", "不是", "就是", "还是", "但是",
        "因为", "所以", "如果", "而且", "然后", "非常", "什么", "怎么", "已经", "可以", "一直", "还有", "有点", "真的", "比较",
        "觉得", "这样", "那样", "这么", "那么", "自己", "一下", "一次", "时候",
    };

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}+|[\p{L}\p{N}-[\p{IsCJKUnifiedIdeographs}]]+(?:['’][\p{L}-[\p{IsCJKUnifiedIdeographs}]]+)*")]
    private static partial Regex Runs();

    [GeneratedRegex(@"^\p{IsCJKUnifiedIdeographs}+$")]
    private static partial Regex Chinese();

    /// <summary>Each distinct term of the comment once, in the order it first appears.</summary>
    public static IReadOnlyList<string> Of(string comment)
    {
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match run in Runs().Matches(comment))
        {
            IEnumerable<string> words = Chinese().IsMatch(run.Value) ? Cut(run.Value) : [run.Value.ToLowerInvariant().Replace('’', '\'')];
            foreach (var word in words.Select(w => w.Trim()))
            {
                if (Kept(word) && seen.Add(word)) terms.Add(word);
            }
        }
        return terms;
    }

    /// <summary>"zh" for a Chinese term, "en" for any other, as theme keywords are kept.</summary>
    public static string LanguageOf(string term) => Chinese().IsMatch(term) ? "zh" : "en";

    private static bool Kept(string word) =>
        word.Length > 1 && !StopWords.Contains(word) && !word.All(char.IsDigit) && word.Any(char.IsLetter);

    private static List<string> Cut(string chinese)
    {
        lock (Cutting) return Segmenter.Value.Cut(chinese).ToList();
    }
}

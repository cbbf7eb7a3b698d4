namespace Csm.Modules.Surveys;

internal enum EmailDelivery { Drop, Smtp }

/// <summary>The "Surveys" configuration section.</summary>
internal sealed class SurveysOptions
{
    /// <summary>Where the SPA's public survey page lives; links are {PublicBaseUrl}/s/{token}.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
    public int DefaultValidDays { get; set; } = 14;
    public EmailOptions Email { get; set; } = new();
    public SmsOptions Sms { get; set; } = new();
    public DeliveryOptions Delivery { get; set; } = new();
}

internal sealed class EmailOptions
{
    /// <summary>Drop writes .eml files (the embedded default, so a new user sees what would be sent); Smtp sends.</summary>
    public EmailDelivery Mode { get; set; } = EmailDelivery.Drop;
    public string DropDirectory { get; set; } = Path.Combine("data", "mail");
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "surveys@csm.local";
    public int TimeoutSeconds { get; set; } = 30;
}

internal sealed class SmsOptions
{
    /// <summary>The HTTP gateway that takes {"to","text"}; without one, messages are written under DropDirectory.</summary>
    public string? GatewayUrl { get; set; }
    public string DropDirectory { get; set; } = Path.Combine("data", "sms");
}

internal sealed class DeliveryOptions
{
    public int BatchSize { get; set; } = 100;
    public int MaxAttempts { get; set; } = 10;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);
}

namespace Csm.Modules.Surveys.Links;

/// <summary>How a visitor reached a survey's reusable link: the widget on a site, the shared link, or a printed QR code.</summary>
internal enum LinkChannel
{
    Link,
    Widget,
    Qr,
}

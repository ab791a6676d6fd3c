using System.Diagnostics;
using RiskScoring.Reporting;
using SkiaSharp;

namespace RiskScoring.Training.Tests.Reporting;

/// <summary>Renders the report in headless Chromium and checks the screenshot is a real page, not a blank one.</summary>
public sealed class HtmlReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Test]
    [CancelAfter(90_000)]
    public void WriteFile_RenderedByHeadlessChromium_ScreenshotShowsStyledContent()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Ignore($"{Chromium} is not installed; install it with 'apt-get install -y chromium' to run the browser rendering test.");
        }

        var dir = Directory.CreateTempSubdirectory("riskscoring-report-");
        try
        {
            var html = Path.Combine(dir.FullName, "report.html");
            var png = Path.Combine(dir.FullName, "report.png");
            HtmlReportWriter.WriteFile(SampleReport.BuildConsistent(), html);

            RunChromium(dir.FullName, html, png);

            Assert.That(File.Exists(png), Is.True, "Chromium wrote no screenshot.");
            var keep = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-screenshot.png");
            File.Copy(png, keep, overwrite: true);
            File.Copy(html, Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-sample.html"), overwrite: true);
            TestContext.AddTestAttachment(keep, "Headless Chromium screenshot of the sample report");

            using var bitmap = SKBitmap.Decode(png);
            Assert.That(bitmap, Is.Not.Null, "The screenshot is not a decodable PNG.");
            Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((1200, 3000)));

            var nonWhite = 0;
            var colours = new HashSet<uint>();
            for (var y = 0; y < bitmap.Height; y += 2)
            {
                for (var x = 0; x < bitmap.Width; x += 2)
                {
                    var c = bitmap.GetPixel(x, y);
                    if (c.Red < 245 || c.Green < 245 || c.Blue < 245)
                    {
                        nonWhite++;
                    }

                    // Quantise to 32 levels per channel so anti-aliasing noise does not inflate the count.
                    colours.Add(((uint)c.Red >> 3 << 10) | ((uint)c.Green >> 3 << 5) | ((uint)c.Blue >> 3));
                }
            }

            var share = (double)nonWhite / ((bitmap.Width / 2) * (bitmap.Height / 2));
            Assert.That(share, Is.GreaterThan(0.08), "Too few non-white pixels: the page looks blank.");
            Assert.That(colours, Has.Count.GreaterThan(30), "Too few distinct colours: charts and styles did not render.");

            // The header band is drawn in the accent colour #1F4E79 (31, 78, 121).
            var header = bitmap.GetPixel(600, 12);
            Assert.That((header.Red, header.Green, header.Blue), Is.EqualTo(((byte)31, (byte)78, (byte)121)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void RunChromium(string tempDir, string html, string png)
    {
        var profile = Path.Combine(tempDir, "profile");
        Directory.CreateDirectory(profile);
        var info = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile}", $"--screenshot={png}",
            "--window-size=1200,3000", new Uri(html).AbsoluteUri,
        })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("Chromium did not finish within 60 s.");
        }

        Assert.That(process.ExitCode, Is.EqualTo(0), () => "Chromium failed: " + stderr.Result);
    }
}

package dev.tidemark.cli;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, used to look at a page the way a person would: a screenshot.
 * No network (a file URL, background networking off), a fresh profile per shot, stopped by the handle it was
 * started with.
 */
final class HeadlessChromium {
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {
    }

    static BufferedImage screenshot(Path html) throws IOException, InterruptedException {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new AssertionError("Chromium is not installed at " + EXECUTABLE + ": the HTML report test opens the"
                    + " report in headless Chromium to check the chart. Install Debian's package: apt-get install -y chromium");
        }
        Path profile = Files.createTempDirectory("tidemark-chromium-profile");
        Path png = Files.createTempFile("tidemark-report", ".png");
        Files.delete(png);
        Path log = Files.createTempFile("tidemark-chromium", ".log");
        Process chromium = new ProcessBuilder(List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=1200,900",
                html.toUri().toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!chromium.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError("Chromium did not finish the screenshot within 90 s: " + Files.readString(log));
            }
        } finally {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
        }
        if (!Files.exists(png)) {
            throw new AssertionError("Chromium exited " + chromium.exitValue() + " without a screenshot: " + Files.readString(log));
        }
        BufferedImage image = ImageIO.read(png.toFile());
        // Kept for a look after the build: target/screenshots/<page>.png
        Path kept = Path.of("target", "screenshots", html.getFileName().toString().replace(".html", ".png"));
        Files.createDirectories(kept.getParent());
        Files.move(png, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return image;
    }

    /** Pixels within {@code tolerance} per channel of {@code hex}, and how far apart horizontally they lie. */
    record ColorCount(int pixels, int minX, int maxX) {
        int span() {
            return pixels == 0 ? 0 : maxX - minX + 1;
        }
    }

    static ColorCount count(BufferedImage image, String hex, int tolerance) {
        int target = Integer.parseInt(hex.substring(1), 16);
        int pixels = 0;
        int minX = Integer.MAX_VALUE;
        int maxX = -1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (close(rgb >> 16, target >> 16, tolerance) && close(rgb >> 8, target >> 8, tolerance)
                        && close(rgb, target, tolerance)) {
                    pixels++;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                }
            }
        }
        return new ColorCount(pixels, minX, maxX);
    }

    private static boolean close(int a, int b, int tolerance) {
        return Math.abs((a & 0xff) - (b & 0xff)) <= tolerance;
    }
}

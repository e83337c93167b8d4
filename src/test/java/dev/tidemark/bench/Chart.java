package dev.tidemark.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** bench/results.png: one panel per scenario, drawn with XChart from the figures of this run. */
final class Chart {
    private static final int W = 640;
    private static final int H = 400;
    private final List<CategoryChart> panels = new ArrayList<>();

    void bars(String title, String yTitle, List<String> labels, List<? extends Number> values, boolean log) {
        CategoryChart c = chart(title, yTitle, log);
        c.getStyler().setLegendVisible(false);
        c.addSeries(yTitle, labels, rounded(values));
        panels.add(c);
    }

    void grouped(String title, String yTitle, List<String> labels, List<String> series, List<List<? extends Number>> values,
                 boolean log) {
        CategoryChart c = chart(title, yTitle, log);
        for (int i = 0; i < series.size(); i++) {
            c.addSeries(series.get(i), labels, rounded(values.get(i)));
        }
        panels.add(c);
    }

    /** Whole numbers above 10, two decimals below: the bar labels print the values as given. */
    private static List<Double> rounded(List<? extends Number> values) {
        return values.stream().map(Number::doubleValue)
                .map(v -> v >= 10 ? Math.rint(v) : Math.rint(v * 100) / 100).toList();
    }

    private static CategoryChart chart(String title, String yTitle, boolean log) {
        CategoryChart c = new CategoryChartBuilder().width(W).height(H).title(title).yAxisTitle(yTitle).build();
        c.getStyler().setYAxisLogarithmic(log);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setXAxisLabelRotation(15);
        c.getStyler().setLabelsVisible(true);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        return c;
    }

    void write(Path file) throws IOException {
        int columns = 2;
        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(W * columns, H * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), (i % columns) * W, (i / columns) * H, null);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}

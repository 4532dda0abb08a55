package org.smartfhir.keycloak.bench.load;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

/** The Markdown table and PNG chart of a benchmark run, with the machine it ran on. */
final class Report {

    private Report() {
    }

    static String markdown(String title, List<LoadResult> results, Map<String, String> figures, int threads, double seconds) {
        StringBuilder md = new StringBuilder("## ").append(title).append("\n\n");
        md.append("Run ").append(Instant.now()).append(" on ").append(machine()).append("; ").append(threads)
                .append(" closed-loop client threads on the same machine, ").append((int) seconds).append(" s per phase.\n\n");
        md.append("| flow | variant | requests | errors | req/s | p50 ms | p99 ms |\n|---|---|---|---|---|---|---|\n");
        for (LoadResult r : results) {
            md.append(String.format("| %s | %s | %d | %d | %.1f | %.1f | %.1f |%n", r.flow(), r.variant(), r.requests(),
                    r.errors(), r.throughput(), r.p50Millis(), r.p99Millis()));
        }
        md.append('\n');
        figures.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        return md.toString();
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.version");
    }

    /** A horizontal bar per phase: throughput, with p50/p99 in the label. */
    static void chart(String title, List<LoadResult> results, Path png) throws IOException {
        int rowHeight = 34;
        int width = 900;
        int left = 330;
        int height = 60 + rowHeight * results.size();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title + " (requests per second)", 10, 25);
        double max = results.stream().mapToDouble(LoadResult::throughput).max().orElse(1);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < results.size(); i++) {
            LoadResult r = results.get(i);
            int y = 45 + i * rowHeight;
            int bar = (int) ((width - left - 230) * r.throughput() / max);
            g.setColor(Color.DARK_GRAY);
            g.drawString(r.variant(), 10, y + 17);
            g.setColor(r.variant().contains("off") || r.variant().contains("stock") ? new Color(0x8fa8c8) : new Color(0x2f6db5));
            g.fillRect(left, y + 4, Math.max(bar, 1), rowHeight - 10);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.0f/s  p50 %.0f ms  p99 %.0f ms", r.throughput(), r.p50Millis(), r.p99Millis()),
                    left + bar + 6, y + 17);
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }
}

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

/** The Markdown tables and PNG chart of a benchmark run, with the machine it ran on. */
final class Report {

    private static final Color BASELINE = new Color(0x8fa8c8);
    private static final Color CANDIDATE = new Color(0x2f6db5);

    private Report() {
    }

    /**
     * One flow on two variants (stock and pack, or audit off and on), each measured in several phases; its figures
     * are the means over the phases. {@code target} is the least acceptable candidate/baseline ratio, NaN for none.
     */
    record Comparison(String flow, List<LoadResult> baseline, List<LoadResult> candidate, double target) {

        Comparison {
            if (baseline.isEmpty() || candidate.isEmpty()) {
                throw new IllegalArgumentException("no phases measured for " + flow);
            }
        }

        String baselineName() {
            return baseline.get(0).variant();
        }

        String candidateName() {
            return candidate.get(0).variant();
        }

        double ratio() {
            return mean(candidate, LoadResult::throughput) / mean(baseline, LoadResult::throughput);
        }

        /** Baseline server CPU per request over the candidate's: the throughput ratio a server alone would see. */
        double cpuRatio() {
            return mean(baseline, LoadResult::cpuMillisPerRequest) / mean(candidate, LoadResult::cpuMillisPerRequest);
        }

        String verdict() {
            if (Double.isNaN(target)) {
                return "(no target)";
            }
            return String.format("≥ %.2f: %s", target, ratio() >= target ? "met" : "**not met**");
        }
    }

    static double mean(List<LoadResult> phases, java.util.function.ToDoubleFunction<LoadResult> figure) {
        return phases.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }

    static String markdown(String title, String setting, List<Comparison> comparisons, List<LoadResult> phases,
                           Map<String, String> figures) {
        StringBuilder md = new StringBuilder("## ").append(title).append("\n\n");
        md.append("Run ").append(Instant.now()).append(" on ").append(machine()).append("; ").append(setting).append(".\n\n");
        md.append("| flow | baseline | req/s | p50 ms | p99 ms | CPU ms/req | candidate | req/s | p50 ms | p99 ms | CPU ms/req "
                + "| throughput ratio | CPU ratio | target (throughput) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Comparison c : comparisons) {
            md.append(String.format("| %s | %s | %.1f | %.1f | %.1f | %.2f | %s | %.1f | %.1f | %.1f | %.2f | **%.3f** | %.3f | %s |%n",
                    c.flow(), c.baselineName(), mean(c.baseline(), LoadResult::throughput), mean(c.baseline(), LoadResult::p50Millis),
                    mean(c.baseline(), LoadResult::p99Millis), mean(c.baseline(), LoadResult::cpuMillisPerRequest),
                    c.candidateName(), mean(c.candidate(), LoadResult::throughput), mean(c.candidate(), LoadResult::p50Millis),
                    mean(c.candidate(), LoadResult::p99Millis), mean(c.candidate(), LoadResult::cpuMillisPerRequest),
                    c.ratio(), c.cpuRatio(), c.verdict()));
        }
        md.append("\nThroughput ratio: candidate req/s over baseline req/s. CPU ratio: baseline server CPU per request "
                + "over the candidate's, i.e. the throughput ratio a server would see with the cores to itself (the load "
                + "generator shares these cores).\n");
        md.append('\n');
        figures.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\nEvery phase, in the order run:\n\n| flow | variant | requests | errors | req/s | p50 ms | p99 ms | CPU ms/req |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (LoadResult r : phases) {
            md.append(String.format("| %s | %s | %d | %d | %.1f | %.1f | %.1f | %.2f |%n", r.flow(), r.variant(), r.requests(),
                    r.errors(), r.throughput(), r.p50Millis(), r.p99Millis(), r.cpuMillisPerRequest()));
        }
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

    /** Per flow, a pair of horizontal bars (baseline light, candidate dark) of throughput, with the ratio. */
    static void chart(String title, List<Comparison> comparisons, Path png) throws IOException {
        int pairHeight = 78;
        int width = 980;
        int left = 300;
        int height = 60 + pairHeight * comparisons.size();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title + ": requests per second, each flow scaled to its own baseline", 10, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < comparisons.size(); i++) {
            Comparison c = comparisons.get(i);
            int y = 45 + i * pairHeight;
            double base = mean(c.baseline(), LoadResult::throughput);
            double cand = mean(c.candidate(), LoadResult::throughput);
            double max = Math.max(base, cand);
            int span = width - left - 250;
            g.setColor(Color.BLACK);
            g.drawString(c.flow(), 10, y + 22);
            g.drawString(String.format("ratio %.3f %s", c.ratio(), Double.isNaN(c.target()) ? "" : "(target " + c.target() + ")"),
                    10, y + 42);
            g.drawString(String.format("server CPU ratio %.3f", c.cpuRatio()), 10, y + 60);
            bar(g, left, y + 6, (int) (span * base / max), BASELINE, String.format("%s  %.0f/s", c.baselineName(), base));
            bar(g, left, y + 36, (int) (span * cand / max), CANDIDATE, String.format("%s  %.0f/s", c.candidateName(), cand));
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void bar(Graphics2D g, int x, int y, int length, Color color, String label) {
        g.setColor(color);
        g.fillRect(x, y, Math.max(length, 1), 24);
        g.setColor(Color.BLACK);
        g.drawString(label, x + Math.max(length, 1) + 6, y + 17);
    }
}

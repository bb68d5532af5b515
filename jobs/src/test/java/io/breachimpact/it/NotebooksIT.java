package io.breachimpact.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.breachimpact.testing.SampleLake;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analysts' notebooks, executed top to bottom by Jupyter (nbconvert) on their Java kernel against
 * the committed sample taken through the chain — exactly what {@code bin/notebooks execute} does for
 * an analyst. A cell that throws fails nbconvert, and this test.
 */
class NotebooksIT {
    private static final Path ROOT = Path.of(System.getProperty("breachimpact.project.root"));

    @Test
    void everyNotebookRunsOnTheSampleAndDrawsItsCharts() throws Exception {
        Path lake = SampleLake.get().root();
        Path out = ROOT.resolve("jobs/target/notebooks");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("bin/notebooks").toString(), "execute", out.toString())
                .redirectErrorStream(true);
        pb.environment().put("BREACH_IMPACT_LAKE", lake.toString());
        pb.environment().put("BREACH_IMPACT_NOTEBOOK_MEMORY", "2g");
        pb.environment().put("BREACH_IMPACT_JAVA_OPTS", StandaloneCluster.QUICK_JIT);
        Process p = pb.start();
        byte[] log = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "notebooks did not finish");
        String text = new String(log, StandardCharsets.UTF_8);
        System.out.print(text); // each notebook's time and attempts, in the test's report
        assertEquals(0, p.exitValue(), text);

        List<Path> sources = new ArrayList<>();
        try (var files = Files.list(ROOT.resolve("notebooks"))) {
            files.filter(f -> f.toString().endsWith(".ipynb")).sorted().forEach(sources::add);
        }
        assertEquals(2, sources.size());
        ObjectMapper json = new ObjectMapper();
        for (Path source : sources) {
            for (JsonNode cell : json.readTree(source.toFile()).get("cells")) {
                if (cell.has("outputs")) {
                    assertEquals(0, cell.get("outputs").size(), source + " is committed with outputs");
                }
            }
            JsonNode executed = json.readTree(out.resolve(source.getFileName()).toFile());
            int charts = 0;
            for (JsonNode cell : executed.get("cells")) {
                for (JsonNode output : cell.path("outputs")) {
                    assertTrue(!"error".equals(output.path("output_type").asText()), source + ": " + output);
                    if (output.path("data").path("text/html").toString().contains("<svg")) {
                        charts++;
                    }
                }
            }
            assertTrue(charts >= 2, source + " drew " + charts + " charts");
        }
    }
}

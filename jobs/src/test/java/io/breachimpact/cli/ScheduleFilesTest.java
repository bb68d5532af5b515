package io.breachimpact.cli;

import io.breachimpact.error.ExitCode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schedulers' files under conf/schedule: each parses as its tool would (systemd-analyze verify,
 * Python's compiler, a YAML parser), holds the fields its tool requires, runs {@code nightly} through
 * the real entry point, takes the secret from a secret store, and retries exactly on the exit codes
 * that say a retry may help.
 */
class ScheduleFilesTest {
    private static final Path SCHEDULE = Path.of(System.getProperty("breachimpact.project.root"), "conf", "schedule");
    private static final Set<Integer> RETRY = Arrays.stream(ExitCode.values()).filter(ExitCode::retryMayHelp).map(ExitCode::code)
            .collect(Collectors.toCollection(TreeSet::new));
    private static final Set<Integer> NO_RETRY = Arrays.stream(ExitCode.values()).filter(c -> c != ExitCode.OK && !c.retryMayHelp())
            .map(ExitCode::code).collect(Collectors.toCollection(TreeSet::new));

    private static String read(String file) throws IOException {
        return Files.readString(SCHEDULE.resolve(file));
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(SCHEDULE.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }

    @Test
    void theRetryableCodesAreTheLockAndTheEnvironment() {
        assertEquals(Set.of(5, 6), RETRY);
        assertEquals(Set.of(1, 2, 3, 4), NO_RETRY);
    }

    @Test
    void systemdAcceptsTheServiceAndItsTimer() throws Exception {
        // .ci/run installs systemd where it is missing; verify needs no running systemd.
        String out = run("systemd-analyze", "verify", "--man=no", "breach-impact-nightly.service", "breach-impact-nightly.timer");
        assertEquals("", out.strip(), "systemd-analyze verify says nothing about files it accepts");
        String service = read("breach-impact-nightly.service");
        assertTrue(service.contains("Type=oneshot") && service.contains("Restart=on-failure"), service);
        assertEquals(NO_RETRY, numbers(value(service, "RestartPreventExitStatus")), "never restarted on these");
        assertTrue(service.contains("LoadCredential=person-key:") && service.contains("$CREDENTIALS_DIRECTORY/person-key"),
                "the key from a credential file, not the unit");
        assertTrue(service.contains("bin/breach-impact nightly"));
        String timer = read("breach-impact-nightly.timer");
        assertTrue(timer.contains("OnCalendar=") && timer.contains("Persistent=true"), timer);
    }

    @Test
    void theCrontabLineRunsTheNightlyEveryNight() throws IOException {
        List<String> lines = read("crontab").lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(1, lines.size(), lines.toString());
        String[] fields = lines.get(0).split("\\s+", 6);
        assertEquals(List.of("*", "*", "*"), List.of(fields[2], fields[3], fields[4]), "every day");
        assertTrue(fields[5].contains("bin/breach-impact nightly") && fields[5].contains("BREACH_IMPACT_KEY=\"$(cat "), fields[5]);
    }

    @Test
    void theAirflowDagCompilesAndRetriesOnlyWhereARetryMayHelp() throws Exception {
        // What py_compile checks, without writing a .pyc beside the file.
        run("python3", "-c", "import sys; f = 'airflow_breach_impact_nightly.py'; compile(open(f).read(), f, 'exec')");
        String dag = read("airflow_breach_impact_nightly.py");
        Map<Integer, String> retry = codes(dag, "RETRY_MAY_HELP");
        Map<Integer, String> never = codes(dag, "NEVER_RETRY");
        assertEquals(RETRY, retry.keySet());
        assertEquals(NO_RETRY, never.keySet());
        retry.forEach((code, name) -> assertEquals(ExitCode.of(code).name(), name));
        never.forEach((code, name) -> assertEquals(ExitCode.of(code).name(), name));
        assertTrue(dag.contains("SparkSubmitOperator") && dag.contains("AirflowFailException") && dag.contains("max_active_runs=1")
                && dag.contains("\"email_on_failure\": True") && dag.contains("java_class=\"io.breachimpact.cli.Main\""), dag);
        assertTrue(dag.contains("var.value.breach_impact_person_key"), "the key from Airflow's secrets, not the file");
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object o = node;
        for (String key : path) {
            assertTrue(o instanceof Map, "no " + key + " in " + o);
            o = ((Map<String, Object>) o).get(key);
            assertTrue(o != null, String.join(".", path) + ": " + key + " missing");
        }
        return (T) o;
    }

    @Test
    void theKubernetesCronJobHasWhatTheApiRequiresAndFailsAtOnceOnCodesARetryCannotFix() throws IOException {
        Map<String, Object> job = new Yaml().load(read("k8s-cronjob.yaml"));
        assertEquals("batch/v1", job.get("apiVersion"));
        assertEquals("CronJob", job.get("kind"));
        assertEquals(5, at(job, "spec", "schedule").toString().split("\\s+").length);
        assertEquals("Forbid", at(job, "spec", "concurrencyPolicy"));
        Map<String, Object> pod = at(job, "spec", "jobTemplate", "spec", "template", "spec");
        assertEquals("Never", pod.get("restartPolicy"), "podFailurePolicy requires it");
        List<Map<String, Object>> containers = at(pod, "containers");
        Map<String, Object> container = containers.get(0);
        assertTrue(container.get("name") != null && container.get("image") != null);
        List<String> args = at(container, "args");
        assertTrue(args.contains("io.breachimpact.cli.Main") && args.contains("nightly"), args.toString());
        assertTrue(args.stream().anyMatch(a -> a.startsWith("lake.root=s3a://")), "the lake on object storage");
        assertSecretEnv(at(container, "env"));
        List<Map<String, Object>> rules = at(job, "spec", "jobTemplate", "spec", "podFailurePolicy", "rules");
        Map<String, Set<Integer>> byAction = new TreeMap<>();
        for (Map<String, Object> rule : rules) {
            assertEquals("In", at(rule, "onExitCodes", "operator"));
            List<Integer> values = at(rule, "onExitCodes", "values");
            byAction.put((String) rule.get("action"), new TreeSet<>(values));
        }
        assertEquals(Map.of("FailJob", NO_RETRY, "Count", RETRY), byAction);
    }

    @Test
    void theScheduledSparkApplicationHasWhatTheOperatorRequires() throws IOException {
        Map<String, Object> app = new Yaml().load(read("spark-operator-scheduled.yaml"));
        assertEquals("sparkoperator.k8s.io/v1beta2", app.get("apiVersion"));
        assertEquals("ScheduledSparkApplication", app.get("kind"));
        assertEquals("Forbid", at(app, "spec", "concurrencyPolicy"));
        assertEquals(5, at(app, "spec", "schedule").toString().split("\\s+").length);
        Map<String, Object> template = at(app, "spec", "template");
        for (String required : List.of("type", "mode", "image", "mainClass", "mainApplicationFile", "sparkVersion", "restartPolicy", "driver",
                "executor")) {
            assertTrue(template.containsKey(required), required);
        }
        assertEquals("io.breachimpact.cli.Main", template.get("mainClass"));
        assertTrue(List.of("Java", "Scala", "Python", "R").contains(template.get("type")));
        assertTrue(List.of("cluster", "client").contains(template.get("mode")));
        assertTrue(template.get("sparkVersion").toString().startsWith("3.5"), "the Spark the jar is built for");
        List<String> args = at(template, "arguments");
        assertTrue(args.contains("nightly") && args.stream().anyMatch(a -> a.startsWith("lake.root=s3a://")), args.toString());
        assertSecretEnv(at(template, "driver", "env"));
        for (String role : List.of("driver", "executor")) {
            assertTrue(at(template, role, "memory") != null && at(template, role, "cores") != null, role);
        }
    }

    /** BREACH_IMPACT_KEY comes from a Kubernetes Secret. */
    private static void assertSecretEnv(List<Map<String, Object>> env) {
        Map<String, Object> key = env.stream().filter(e -> "BREACH_IMPACT_KEY".equals(e.get("name"))).findFirst().orElseThrow();
        assertTrue(key.get("value") == null, "never a literal key");
        assertTrue(at(key, "valueFrom", "secretKeyRef", "name") != null && at(key, "valueFrom", "secretKeyRef", "key") != null, key.toString());
    }

    private static String value(String unit, String key) {
        Matcher m = Pattern.compile("^" + key + "=(.*)$", Pattern.MULTILINE).matcher(unit);
        assertTrue(m.find(), key);
        return m.group(1).strip();
    }

    private static Set<Integer> numbers(String list) {
        return Arrays.stream(list.split("\\s+")).map(Integer::parseInt).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A Python dict literal of exit codes to names: {@code NAME = {5: "LOCKED", 6: "ENVIRONMENT"}}. */
    private static Map<Integer, String> codes(String python, String name) {
        Matcher dict = Pattern.compile("^" + name + " = \\{([^}]*)}", Pattern.MULTILINE).matcher(python);
        assertTrue(dict.find(), name);
        Map<Integer, String> codes = new TreeMap<>();
        Matcher entry = Pattern.compile("(\\d+): \"(\\w+)\"").matcher(dict.group(1));
        while (entry.find()) {
            codes.put(Integer.parseInt(entry.group(1)), entry.group(2));
        }
        return codes;
    }
}

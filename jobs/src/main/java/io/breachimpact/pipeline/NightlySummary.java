package io.breachimpact.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one line a night leaves in the scheduler's log, and the same as JSON for monitoring: run id,
 * outcome, deliveries taken and refused, persons, notices issued, duration, exit code. Names of
 * deliveries and numbers only: never a value from the data.
 */
public record NightlySummary(String runId, String outcome, List<String> taken, List<String> refused, long persons, long issued,
                             long durationMs, int exitCode) {

    public static NightlySummary of(NightlyJob.Result r, long durationMs, int exitCode) {
        String outcome = exitCode != 0 ? "failed" : r.nothingNew() ? "nothing-new" : "done";
        return new NightlySummary(r.runId(), outcome, r.taken(), r.refused().stream().map(NightlyJob.Refused::delivery).toList(), r.persons(),
                r.issued(), durationMs, exitCode);
    }

    /** A night that ended before it knew what it would do (lock held, configuration wrong, a failure). */
    public static NightlySummary failed(String runId, long durationMs, int exitCode) {
        return new NightlySummary(runId, exitCode == io.breachimpact.error.ExitCode.LOCKED.code() ? "locked" : "failed", List.of(), List.of(), -1, -1, durationMs, exitCode);
    }

    public String line() {
        String head = String.format(Locale.ROOT, "nightly run=%s outcome=%s batches=%d", runId, outcome, taken.size());
        String counts = persons < 0 ? "" : String.format(Locale.ROOT, " persons=%d notices=%d", persons, issued);
        String note = outcome.equals("nothing-new") ? " (nothing delivered, nothing changed: no table written)" : "";
        return head + (refused.isEmpty() ? "" : " refused=" + refused.size()) + counts
                + String.format(Locale.ROOT, " duration=%.1fs exit=%d", durationMs / 1000.0, exitCode) + note;
    }

    public String json() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("run_id", runId);
        fields.put("outcome", outcome);
        fields.put("batches_taken", taken);
        fields.put("batches_refused", refused);
        fields.put("persons", persons < 0 ? null : persons);
        fields.put("notices_issued", issued < 0 ? null : issued);
        fields.put("duration_ms", durationMs);
        fields.put("exit_code", exitCode);
        try {
            return new ObjectMapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

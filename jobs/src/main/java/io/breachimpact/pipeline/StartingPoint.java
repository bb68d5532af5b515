package io.breachimpact.pipeline;

import java.util.List;

/**
 * Whether a run may start from what the last successful run of its job left, and decide or score
 * again only what changed since: the same configuration, the same policy and shape of tables, its
 * tables as that run left them, and the version of the table it reads changes from recorded.
 */
public final class StartingPoint {
    private StartingPoint() {
    }

    /**
     * Why a run of {@code job} cannot start from {@code last}, or null when it can.
     *
     * @param left    the tables the run carries over from {@code last}: each must hold what {@code last} left in it
     * @param changes the table whose changes since {@code last} the run reads: its version then must be recorded
     */
    public static String whyNot(JobScope scope, LakeJob<?> job, RunLedger.Run last, List<LakeTable> left, LakeTable changes) {
        String name = job.name().id();
        if (!scope.run().configHash().equals(last.configHash())) {
            return "the configuration differs from the last " + name + "'s";
        }
        String fingerprint = last.inputFingerprint() == null ? "" : last.inputFingerprint();
        if (!fingerprint.endsWith(";" + job.dependsOn())) {
            return "the policy or the tables' shape differs from the last " + name + "'s";
        }
        for (LakeTable t : left) {
            if (!scope.exists(t) || !scope.asLeftBy(last, t)) {
                return t + " is not as the last " + name + " left it (a rekey, a run of " + name + " that did not finish, or a change by hand)";
            }
        }
        if (last.tableVersion(changes).isEmpty()) {
            return "the last " + name + " did not record the version of " + changes + " it read";
        }
        return null;
    }
}

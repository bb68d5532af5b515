package io.breachimpact.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * One job of the chain, as {@link JobRunner} runs it. A job says what it reads and writes (tables of the
 * catalogue), what else its result depends on, and does its work: read → transform → write. The rest is
 * the template's: inputs required and fingerprinted, the skip when nothing changed, the run record,
 * scoped stage labels and commit metadata, the tables' versions.
 *
 * @param <R> what a run did
 */
public interface LakeJob<R> {
    JobName name();

    /** The tables it reads: each must exist (else a clear error naming the job that makes it); their versions are the run's inputs. */
    List<LakeTable> inputs();

    /** The tables it writes: their versions after the run go into its record. */
    default List<LakeTable> outputs() {
        return LakeTable.writtenBy(name());
    }

    /**
     * What its result depends on besides its input tables' versions and the configuration: the policy,
     * the shape of what it writes (so that a new column is written on the next run), options.
     */
    default String dependsOn() {
        return "";
    }

    /** The batch a run is about, if any: the ledger's runs are looked up per batch. */
    default Optional<String> batch() {
        return Optional.empty();
    }

    /** The run a new one is compared with: the last successful run of this job (on its batch). */
    default Optional<RunLedger.Run> previous(RunLedger ledger) {
        return ledger.lastSucceeded(batch().orElse(null), name());
    }

    /** What the run reads, as its record keeps it: the input tables' versions and {@link #dependsOn()}, unless the job reads files. */
    default String fingerprint(JobScope scope) {
        StringBuilder f = new StringBuilder();
        for (LakeTable t : inputs()) {
            f.append(f.length() == 0 ? "" : ",").append(t.location()).append('@').append(scope.inputVersion(t));
        }
        String more = dependsOn();
        return more.isEmpty() ? f.toString() : f + ";" + more;
    }

    /**
     * Finishes or clears what a killed run of this job left behind, before anything is compared (decide:
     * staged manifests). Runs under the lake's lock: nothing it touches belongs to a live run.
     */
    default void recover(JobScope scope) {
    }

    /**
     * Inputs that must hold what the last successful run of their writer left in them (persons, not a
     * resolve killed half-way through its changes): checked before anything is compared or written.
     */
    default List<LakeTable> finishedInputs() {
        return List.of();
    }

    /** Checks of the inputs beyond their presence (a table of an older shape, persons of older records): throws to refuse. */
    default void check(JobScope scope) {
    }

    /**
     * Whether the last successful run left nothing to do: the same inputs, the same configuration, and
     * its outputs still holding what it left in them (not a run of the same inputs killed half-way
     * through its writes, nor a rekey's rewrite).
     */
    default boolean unchanged(JobScope scope, RunLedger.Run previous, String fingerprint) {
        return fingerprint.equals(previous.inputFingerprint()) && scope.run().configHash().equals(previous.configHash())
                && outputs().stream().allMatch(t -> scope.exists(t) && scope.asLeftBy(previous, t));
    }

    /** Why a skipped run was skipped, for its record. */
    default String skipReason() {
        return "inputs unchanged";
    }

    /** The work: read the inputs, transform, write the outputs. */
    R work(JobScope scope);

    /** What a run that did nothing returns, from the run that did the work. */
    R skipped(JobScope scope, RunLedger.Run previous);

    /** What its record counts. */
    Counts counts(R result);
}

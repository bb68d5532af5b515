package io.breachimpact.decide;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Every decision with what this run sends for it: a new notice (INITIAL or FOLLOW_UP) and, with it,
 * an eldest person's extra letter. The rows are the decisions (one per person, {@code send} NOTICE or
 * null) plus one row per extra letter, so that the decisions table, the ledger and the manifests are
 * all filters of the same rows — no join back on person ids (at 13 million persons those joins were
 * most of decide's time).
 */
public final class SendQueue {
    private SendQueue() {
    }

    public static final String NOTICE = "NOTICE";
    public static final String EXTRA_LETTER = "EXTRA_LETTER";

    /**
     * @param classified decisions with {@code kind} (null: nothing to issue to this person), {@code channel},
     *                   {@code extra_letter}, {@code template_id}, {@code letter_template_id}, {@code content_hash}
     * @param onSends   columns kept on every send, emptied on every other row
     * @param onQueue    columns kept on the sends of one queue only (what that channel's manifest addresses:
     *                   an email send carries no postal address), emptied on every other row
     * @return the rows, sends with {@code queue} (their channel), {@code send_template_id} and {@code notification_id}
     */
    public static Dataset<Row> rows(Dataset<Row> classified, List<String> onSends, java.util.Map<String, List<String>> onQueue,
                                    String followUpPrefix) {
        Column sends = when(col("kind").isNull(), lit(null).cast("array<string>"))
                .when(col("extra_letter"), array(lit(NOTICE), lit(EXTRA_LETTER)))
                .otherwise(array(lit(NOTICE)));
        Column extra = col("send").equalTo(EXTRA_LETTER);
        Column template = when(extra, col("letter_template_id")).otherwise(col("template_id"));
        Dataset<Row> rows = classified.withColumn("send", explode_outer(sends))
                .withColumn("queue", when(extra, lit("LETTER")).when(col("send").equalTo(NOTICE), col("channel")))
                .withColumn("send_template_id", when(col("send").isNotNull(),
                        when(col("kind").equalTo(NotificationLedger.FOLLOW_UP), concat(lit(followUpPrefix + "."), template)).otherwise(template)))
                .withColumn("notification_id", when(col("send").isNotNull(), NotificationLedger.notificationId()));
        for (String c : onSends) {
            rows = rows.withColumn(c, when(col("send").isNotNull(), col(c)));
        }
        for (java.util.Map.Entry<String, List<String>> queue : onQueue.entrySet()) {
            for (String c : queue.getValue()) {
                rows = rows.withColumn(c, when(col("queue").equalTo(queue.getKey()), col(c)));
            }
        }
        return rows;
    }

    /** Whether a row is a person's decision (its notice or no send), not an extra letter. */
    public static Column isDecision() {
        return col("send").isNull().or(col("send").equalTo(NOTICE));
    }

    /** The decisions among {@code rows}: one per person. */
    public static Dataset<Row> decisions(Dataset<Row> rows) {
        return rows.filter(isDecision());
    }

    /** This run's sends among {@code rows}, all channels. */
    public static Dataset<Row> sends(Dataset<Row> rows) {
        return rows.filter(col("send").isNotNull());
    }

    /** The sends a set of decisions makes, by channel (what-if plans: as if nobody had been notified yet). */
    public static java.util.Map<String, Long> sendsByChannel(Dataset<Row> decisions) {
        Dataset<Row> notices = decisions.filter(col("outcome").equalTo(Decisions.NOTICE));
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (Row r : notices.groupBy("channel").count().collectAsList()) {
            counts.merge(r.getString(0), r.getLong(1), Long::sum);
        }
        long extraLetters = notices.filter(col("extra_letter")).count();
        if (extraLetters > 0) {
            counts.merge("LETTER", extraLetters, Long::sum);
        }
        return counts;
    }
}

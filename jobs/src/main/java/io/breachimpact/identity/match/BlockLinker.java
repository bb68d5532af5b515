package io.breachimpact.identity.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The humans among the records of one block: candidate pairs by every {@link BlockingRule} (a key
 * shared by more records than the cap is not paired, and reported), each pair compared and weighed by
 * the {@link MatchModel}, then the links taken strongest first, each joining two groups only if no
 * record of one and record of the other cannot be one human ({@link LinkPolicy#cannotLink}, or a
 * correction: {@link Separations}). A chain of links that would join strangers is thereby cut at its
 * weakest link.
 */
public final class BlockLinker implements java.io.Serializable {
    private static final BlockingRule[] RULES = BlockingRule.values();

    /** A link that made a group: members {@code a < b} (indexes), how they compared, the weight, the rule that paired them. */
    public record Link(int a, int b, int comparison, double weight, BlockingRule rule) {
    }

    /**
     * @param group     per member, the index of its group's first member
     * @param links     the links that made the groups
     * @param stats     per rule: pairs, pairs only it found, keys over the cap, the largest key's records
     */
    public record Result(int[] group, List<Link> links, BlockingStats stats) {
    }

    private final MatchModel model;
    private final LinkPolicy policy;
    private final int maxKeyRecords;
    private final Separations separations;

    public BlockLinker(MatchModel model, LinkPolicy policy, int maxKeyRecords, Separations separations) {
        this.model = model;
        this.policy = policy;
        this.maxKeyRecords = maxKeyRecords;
        this.separations = separations;
    }

    public MatchModel model() {
        return model;
    }

    /** Candidate pairs and their comparisons, without a model: what training counts. */
    public static List<int[]> candidates(List<MatchRecord> members, int maxKeyRecords, BlockingStats stats) {
        int n = members.size();
        List<int[]> pairs = new ArrayList<>();
        if (n < 2) {
            return pairs;
        }
        List<List<List<String>>> byMember = new ArrayList<>(n);
        for (MatchRecord m : members) {
            List<List<String>> perRule = new ArrayList<>(RULES.length);
            for (BlockingRule rule : RULES) {
                perRule.add(rule.keys(m));
            }
            byMember.add(perRule);
        }
        PairSet seen = new PairSet(n);
        for (BlockingRule rule : RULES) {
            Map<String, List<Integer>> index = new HashMap<>();
            for (int i = 0; i < n; i++) {
                for (String key : byMember.get(i).get(rule.ordinal())) {
                    index.computeIfAbsent(key, k -> new ArrayList<>(2)).add(i);
                }
            }
            for (List<Integer> holders : index.values()) {
                if (holders.size() < 2) {
                    continue;
                }
                stats.keyRecords(rule, holders.size());
                if (holders.size() > maxKeyRecords) {
                    stats.capped(rule);
                    continue;
                }
                for (int x = 0; x < holders.size(); x++) {
                    for (int y = x + 1; y < holders.size(); y++) {
                        int a = Math.min(holders.get(x), holders.get(y));
                        int b = Math.max(holders.get(x), holders.get(y));
                        if (a != b && seen.add(a, b)) {
                            pairs.add(new int[] {a, b, rule.ordinal(), RecordComparer.compare(members.get(a), members.get(b))});
                            stats.pair(rule, onlyRule(byMember.get(a), byMember.get(b), rule));
                        }
                    }
                }
            }
        }
        return pairs;
    }

    /** Whether no other rule shares a key between the two. */
    private static boolean onlyRule(List<List<String>> a, List<List<String>> b, BlockingRule rule) {
        for (BlockingRule other : RULES) {
            if (other != rule) {
                for (String key : a.get(other.ordinal())) {
                    if (b.get(other.ordinal()).contains(key)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * The candidate pairs of a block the policy accepts, strongest first (the order {@link #link} takes
     * them in), and whether a key was held by more records than the cap (not paired on).
     */
    public record Linkable(List<Link> links, BlockingStats stats) {
        public boolean capped() {
            return stats.cappedKeys() > 0;
        }
    }

    public Linkable linkable(List<MatchRecord> members) {
        BlockingStats stats = new BlockingStats();
        List<Link> scored = new ArrayList<>();
        if (members.size() < 2) {
            return new Linkable(scored, stats);
        }
        for (int[] p : candidates(members, maxKeyRecords, stats)) {
            MatchRecord a = members.get(p[0]);
            double weight = model.weight(p[3], a.surnameForm());
            if (policy.links(p[3], weight)) {
                scored.add(new Link(p[0], p[1], p[3], weight, RULES[p[2]]));
            }
        }
        scored.sort(Comparator.comparingDouble(Link::weight).reversed().thenComparingInt(Link::a).thenComparingInt(Link::b));
        return new Linkable(scored, stats);
    }

    /**
     * The block's records indexed by each rule's keys: the pairs of one record with the others, scored on
     * demand, so that what a night reaches in a block costs the pairs of the records it reaches, not every
     * pair of the block ({@link BlockChanges}).
     */
    public Neighbourhood neighbourhood(List<MatchRecord> members) {
        return new Neighbourhood(members);
    }

    /** {@link #neighbourhood}: the same candidate pairs and the same policy as {@link #linkable}, one record at a time. */
    public final class Neighbourhood {
        private final List<MatchRecord> members;
        private final List<List<List<String>>> keysOf;
        private final List<Map<String, List<Integer>>> holders;
        private final boolean capped;

        private Neighbourhood(List<MatchRecord> members) {
            this.members = members;
            this.keysOf = new ArrayList<>(members.size());
            this.holders = new ArrayList<>(RULES.length);
            for (int r = 0; r < RULES.length; r++) {
                holders.add(new HashMap<>());
            }
            for (int i = 0; i < members.size(); i++) {
                List<List<String>> perRule = new ArrayList<>(RULES.length);
                for (BlockingRule rule : RULES) {
                    List<String> keys = rule.keys(members.get(i));
                    perRule.add(keys);
                    for (String key : keys) {
                        holders.get(rule.ordinal()).computeIfAbsent(key, k -> new ArrayList<>(2)).add(i);
                    }
                }
                keysOf.add(perRule);
            }
            boolean over = false;
            for (Map<String, List<Integer>> index : holders) {
                for (List<Integer> h : index.values()) {
                    over |= h.size() >= 2 && h.size() > maxKeyRecords;
                }
            }
            this.capped = over;
        }

        /** Whether a key is held by more records than the cap: {@link Linkable#capped}. */
        public boolean capped() {
            return capped;
        }

        /**
         * Calls {@code found} with each record {@code i} forms a linkable pair with ({@link #linkable}'s
         * pairs, keys over the cap aside), leaving out those {@code skip} names, which are not scored.
         */
        public void linkableWith(int i, java.util.function.IntPredicate skip, java.util.function.IntConsumer found) {
            java.util.Set<Integer> scored = new java.util.HashSet<>();
            for (BlockingRule rule : RULES) {
                for (String key : keysOf.get(i).get(rule.ordinal())) {
                    List<Integer> sharing = holders.get(rule.ordinal()).get(key);
                    if (sharing.size() > maxKeyRecords) {
                        continue;
                    }
                    for (int j : sharing) {
                        if (j == i || skip.test(j) || !scored.add(j)) {
                            continue;
                        }
                        MatchRecord a = members.get(Math.min(i, j));
                        MatchRecord b = members.get(Math.max(i, j));
                        int comparison = RecordComparer.compare(a, b);
                        if (policy.links(comparison, model.weight(comparison, a.surnameForm()))) {
                            found.accept(j);
                        }
                    }
                }
            }
        }
    }

    public Result link(List<MatchRecord> members) {
        int n = members.size();
        List<Link> accepted = new ArrayList<>();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        if (n < 2) {
            return new Result(parent, accepted, new BlockingStats());
        }
        Linkable linkable = linkable(members);
        BlockingStats stats = linkable.stats();
        List<Link> scored = linkable.links();
        Map<Integer, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < n; i++) {
            groups.put(i, new ArrayList<>(List.of(i)));
        }
        for (Link link : scored) {
            int ra = find(parent, link.a());
            int rb = find(parent, link.b());
            if (ra == rb) {
                continue;
            }
            if (conflict(members, groups.get(ra), groups.get(rb))) {
                continue;
            }
            int root = Math.min(ra, rb);
            int other = Math.max(ra, rb);
            parent[other] = root;
            groups.get(root).addAll(groups.remove(other));
            accepted.add(link);
        }
        int[] group = new int[n];
        for (int i = 0; i < n; i++) {
            group[i] = find(parent, i);
        }
        return new Result(group, accepted, stats);
    }

    private boolean conflict(List<MatchRecord> members, List<Integer> x, List<Integer> y) {
        for (int i : x) {
            for (int j : y) {
                if (policy.cannotLink(RecordComparer.compare(members.get(i), members.get(j)))
                        || separations.apart(members.get(i).node(), members.get(j).node())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}

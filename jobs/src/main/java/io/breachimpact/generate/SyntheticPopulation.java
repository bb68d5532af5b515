package io.breachimpact.generate;

import io.breachimpact.model.DocumentType;
import io.breachimpact.reference.AgeProfile;
import io.breachimpact.reference.Commune;
import io.breachimpact.reference.Departement;
import io.breachimpact.reference.GivenName;
import io.breachimpact.reference.ReferenceData;
import io.breachimpact.reference.Region;
import io.breachimpact.reference.WeightedText;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The frequency tables a task draws people from: where they live, what they are called, which
 * document they asked for at what age. Built once per task from the reference data and the config.
 */
final class SyntheticPopulation {
    /** Share of surnames drawn outside the frequency table, to give the long tail real surnames have. */
    static final double RARE_SURNAME_SHARE = 0.25;
    static final double COMPOUND_SURNAME_SHARE = 0.03;

    // Pieces of rare surnames in the French manner ("Beauchamp", "Delaroche", "Montferrand").
    private static final String[] RARE_PREFIX = {"Beau", "Bel", "Bon", "Ville", "Mont", "Dela", "Du", "Le", "La",
            "Cham", "Char", "Cour", "Roche", "Fon", "Mar", "Ber", "Gre", "Mal", "Pel", "Ros", "Sau", "Ver", "Bou",
            "Lan", "Tré", "Ker", "Gal", "Pou", "Fer", "Mor", "Ri", "Quer", "Sal", "Bar", "Des"};
    private static final String[] RARE_SUFFIX = {"champ", "mont", "val", "lieu", "fort", "court", "ville", "roche",
            "pré", "bois", "lande", "nay", "ard", "et", "in", "on", "ot", "eau", "ier", "aud", "ès", "ac", "ieux",
            "ouze", "ec", "arec", "ellec", "our", "ais", "oux", "ange", "erre", "ault", "oin", "elle"};

    final Picker<Departement> departements;
    final Map<String, Picker<Commune>> communesByDepartement;
    final Map<String, Departement> departementByCode;
    final Picker<String> surnames;
    final Picker<String> streets;
    final Picker<String> emailDomains;
    final Picker<DocumentType> documentMix;
    final Map<DocumentType, Picker<AgeProfile>> ageProfiles = new EnumMap<>(DocumentType.class);
    private final Map<String, Picker<GivenName>> givenNames = new HashMap<>();
    private final List<int[]> cohorts = new ArrayList<>();

    SyntheticPopulation(ReferenceData reference, GenerateConfig config) {
        departements = Picker.of(new ArrayList<>(reference.departements().values()), regionScaledWeight(reference));
        departementByCode = reference.departements();
        communesByDepartement = reference.communes().stream()
                .collect(Collectors.groupingBy(Commune::departementCode)).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> Picker.of(e.getValue(), Commune::weight)));
        for (Departement d : reference.departements().values()) {
            if (!communesByDepartement.containsKey(d.code())) {
                throw new IllegalStateException("communes.csv has no commune for département " + d.code());
            }
        }
        surnames = Picker.of(reference.surnames(), WeightedText::weight).map(WeightedText::text);
        streets = Picker.of(reference.streets(), WeightedText::weight).map(WeightedText::text);
        emailDomains = Picker.of(reference.emailDomains(), WeightedText::weight).map(WeightedText::text);
        documentMix = Picker.of(List.of(DocumentType.values()), t -> config.documentMix().get(t));
        for (DocumentType type : DocumentType.values()) {
            List<AgeProfile> rows = reference.ageProfiles().stream()
                    .filter(p -> p.documentType().equals(type.configName())).toList();
            if (rows.isEmpty()) {
                throw new IllegalStateException("age_profiles.csv has no rows for " + type.configName());
            }
            ageProfiles.put(type, Picker.of(rows, AgeProfile::weight));
        }
        Map<String, List<GivenName>> byCohort = reference.givenNames().stream()
                .collect(Collectors.groupingBy(g -> g.sex() + ":" + g.cohortFrom()));
        byCohort.forEach((key, names) -> givenNames.put(key, Picker.of(names, GivenName::weight)));
        reference.givenNames().stream().map(g -> new int[] {g.cohortFrom(), g.cohortTo()})
                .filter(c -> cohorts.stream().noneMatch(k -> k[0] == c[0]))
                .forEach(cohorts::add);
        cohorts.sort((a, b) -> Integer.compare(a[0], b[0]));
    }

    /**
     * Départements are weighted by their approximate population rescaled so that every région's
     * total is its INSEE legal population: régions are exact, départements approximate.
     */
    private static java.util.function.ToDoubleFunction<Departement> regionScaledWeight(ReferenceData reference) {
        Map<String, Long> approxByRegion = reference.departements().values().stream()
                .collect(Collectors.groupingBy(Departement::regionCode, Collectors.summingLong(Departement::populationApprox)));
        return d -> {
            Region region = reference.regions().get(d.regionCode());
            return region.population() * (double) d.populationApprox() / approxByRegion.get(d.regionCode());
        };
    }

    String surname(SplittableRandom random) {
        double x = random.nextDouble();
        if (x < COMPOUND_SURNAME_SHARE) {
            return surnames.pick(random) + "-" + surnames.pick(random);
        }
        if (x < COMPOUND_SURNAME_SHARE + RARE_SURNAME_SHARE) {
            return RARE_PREFIX[random.nextInt(RARE_PREFIX.length)] + RARE_SUFFIX[random.nextInt(RARE_SUFFIX.length)];
        }
        return surnames.pick(random);
    }

    /** A given name popular in the birth year's cohort (the nearest cohort outside the table's range). */
    String givenName(SplittableRandom random, char sex, int birthYear) {
        int[] cohort = cohorts.get(0);
        for (int[] c : cohorts) {
            if (birthYear >= c[0]) {
                cohort = c;
            }
        }
        Picker<GivenName> picker = givenNames.get(sex + ":" + cohort[0]);
        return picker.pick(random).name();
    }

    Commune commune(SplittableRandom random, Departement departement) {
        return communesByDepartement.get(departement.code()).pick(random);
    }
}

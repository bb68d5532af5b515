package io.breachimpact.reference;

import org.apache.commons.csv.CSVRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference tables (régions, départements, communes, name frequencies, …), read once per JVM
 * from the class path. On a cluster every executor reads its own copy from the application jar, so
 * nothing large travels in closures. Sources and approximations: {@code data-samples/reference/README.md}.
 */
public final class ReferenceData {
    private final Map<String, Region> regions;
    private final Map<String, Departement> departements;
    private final List<Commune> communes;
    private final List<WeightedText> surnames;
    private final List<GivenName> givenNames;
    private final List<WeightedText> streets;
    private final List<WeightedText> emailDomains;
    private final List<AgeProfile> ageProfiles;
    private final Map<String, String> hibpNames;
    private final Map<String, Long> populationByRegionAge;

    private ReferenceData() {
        regions = readRegions();
        departements = readDepartements(regions);
        communes = readCommunes(departements);
        surnames = readWeighted("surnames.csv", "surname");
        givenNames = readGivenNames();
        streets = readWeighted("streets.csv", "street_name");
        emailDomains = readWeighted("email_providers.csv", "domain");
        ageProfiles = readAgeProfiles();
        hibpNames = readHibpNames();
        populationByRegionAge = readPopulationByRegionAge(regions);
    }

    private static final class Holder {
        static final ReferenceData INSTANCE = new ReferenceData();
    }

    public static ReferenceData get() {
        return Holder.INSTANCE;
    }

    public Map<String, Region> regions() {
        return regions;
    }

    public Map<String, Departement> departements() {
        return departements;
    }

    public List<Commune> communes() {
        return communes;
    }

    public List<WeightedText> surnames() {
        return surnames;
    }

    public List<GivenName> givenNames() {
        return givenNames;
    }

    public List<WeightedText> streets() {
        return streets;
    }

    public List<WeightedText> emailDomains() {
        return emailDomains;
    }

    public List<AgeProfile> ageProfiles() {
        return ageProfiles;
    }

    /** Inhabitants by région and reporting age band ("11|0-17" → …); approximate, see the reference README. */
    public Map<String, Long> populationByRegionAge() {
        return populationByRegionAge;
    }

    public static String regionAgeKey(String regionCode, String ageBand) {
        return regionCode + "|" + ageBand;
    }

    private static Map<String, Long> readPopulationByRegionAge(Map<String, Region> regions) {
        CsvResource csv = CsvResource.read("population_by_region_age.csv", "region_code", "age_band", "population");
        Map<String, Long> result = new LinkedHashMap<>();
        for (CSVRecord r : csv.records()) {
            String region = r.get("region_code");
            if (!regions.containsKey(region)) {
                throw new IllegalStateException("population_by_region_age.csv line " + r.getRecordNumber() + ": unknown région " + region);
            }
            result.put(regionAgeKey(region, r.get("age_band")), csv.number(r, "population"));
        }
        return Collections.unmodifiableMap(result);
    }

    /** Data class → Have I Been Pwned's name for it. */
    public Map<String, String> hibpNames() {
        return hibpNames;
    }

    private static Map<String, String> readHibpNames() {
        CsvResource csv = CsvResource.read("data_classes.csv", "data_class", "hibp_name");
        Map<String, String> result = new LinkedHashMap<>();
        for (CSVRecord r : csv.records()) {
            result.put(r.get("data_class"), r.get("hibp_name"));
        }
        return Collections.unmodifiableMap(result);
    }

    private static Map<String, Region> readRegions() {
        CsvResource csv = CsvResource.read("regions.csv", "region_code", "region_name", "population");
        Map<String, Region> result = new LinkedHashMap<>();
        for (CSVRecord r : csv.records()) {
            result.put(r.get("region_code"), new Region(r.get("region_code"), r.get("region_name"), csv.number(r, "population")));
        }
        return Collections.unmodifiableMap(result);
    }

    private static Map<String, Departement> readDepartements(Map<String, Region> regions) {
        CsvResource csv = CsvResource.read("departements.csv", "departement_code", "departement_name", "region_code",
                "population_approx", "prefecture", "landline_prefix", "mobile_prefixes");
        Map<String, Departement> result = new LinkedHashMap<>();
        for (CSVRecord r : csv.records()) {
            String region = r.get("region_code");
            if (!regions.containsKey(region)) {
                throw new IllegalStateException("departements.csv line " + r.getRecordNumber() + ": unknown région " + region);
            }
            result.put(r.get("departement_code"), new Departement(r.get("departement_code"), r.get("departement_name"), region,
                    csv.number(r, "population_approx"), r.get("prefecture"), r.get("landline_prefix"),
                    List.of(r.get("mobile_prefixes").split("\\|"))));
        }
        return Collections.unmodifiableMap(result);
    }

    private static List<Commune> readCommunes(Map<String, Departement> departements) {
        CsvResource csv = CsvResource.read("communes.csv", "departement_code", "commune_name", "postal_code", "weight");
        List<Commune> result = new ArrayList<>();
        for (CSVRecord r : csv.records()) {
            String dept = r.get("departement_code");
            if (!departements.containsKey(dept)) {
                throw new IllegalStateException("communes.csv line " + r.getRecordNumber() + ": unknown département " + dept);
            }
            result.add(new Commune(dept, r.get("commune_name"), r.get("postal_code"), csv.number(r, "weight")));
        }
        return Collections.unmodifiableList(result);
    }

    private static List<WeightedText> readWeighted(String file, String column) {
        CsvResource csv = CsvResource.read(file, column, "weight");
        List<WeightedText> result = new ArrayList<>();
        for (CSVRecord r : csv.records()) {
            result.add(new WeightedText(r.get(column), csv.decimal(r, "weight")));
        }
        return Collections.unmodifiableList(result);
    }

    private static List<GivenName> readGivenNames() {
        CsvResource csv = CsvResource.read("given_names.csv", "given_name", "sex", "cohort", "weight");
        List<GivenName> result = new ArrayList<>();
        for (CSVRecord r : csv.records()) {
            int[] cohort = Arrays.stream(r.get("cohort").split("-")).mapToInt(Integer::parseInt).toArray();
            result.add(new GivenName(r.get("given_name"), r.get("sex").charAt(0), cohort[0], cohort[1], csv.number(r, "weight")));
        }
        return Collections.unmodifiableList(result);
    }

    private static List<AgeProfile> readAgeProfiles() {
        CsvResource csv = CsvResource.read("age_profiles.csv", "document_type", "age_from", "age_to", "weight");
        List<AgeProfile> result = new ArrayList<>();
        for (CSVRecord r : csv.records()) {
            result.add(new AgeProfile(r.get("document_type"), (int) csv.number(r, "age_from"),
                    (int) csv.number(r, "age_to"), csv.decimal(r, "weight")));
        }
        return Collections.unmodifiableList(result);
    }
}

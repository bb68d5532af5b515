package io.breachimpact.cli;

import io.breachimpact.config.AppConfig;
import io.breachimpact.config.PolicyConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Options every command takes: where the configuration is, which profile, overrides, verbosity. */
public final class GlobalOptions {
    @Option(names = "--conf", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration file (HOCON). Default: $BREACH_IMPACT_CONF, else ./conf/application.conf if present, else the bundled defaults.")
    File conf;

    @Option(names = "--profile", paramLabel = "NAME", scope = ScopeType.INHERIT, defaultValue = AppConfig.DEFAULT_PROFILE,
            description = "Configuration profile: local (embedded Spark, the default) or cluster (spark-submit decides the master). Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", scope = ScopeType.INHERIT,
            description = "Override one configuration key, e.g. --set lake.root=/data/lake (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Policy file (HOCON): severity, suppression, notification rules. Default: $BREACH_IMPACT_POLICY, else ./conf/policy.conf if present, else the bundled policy.")
    File policy;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    boolean verbose;

    PolicyConfig loadPolicy() {
        return PolicyConfig.load(Optional.ofNullable(policy).or(PolicyConfig::implicitFile));
    }

    AppConfig load() {
        return AppConfig.load(Optional.ofNullable(conf).or(AppConfig::implicitFile), profile, sets);
    }
}

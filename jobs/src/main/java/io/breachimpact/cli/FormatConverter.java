package io.breachimpact.cli;

import io.breachimpact.generate.OutputFormat;
import picocli.CommandLine;

import java.util.Locale;

/** Accepts csv / parquet in any case, and says which values exist otherwise. */
final class FormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
        try {
            return OutputFormat.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("expected csv or parquet, got '" + value + "'");
        }
    }
}

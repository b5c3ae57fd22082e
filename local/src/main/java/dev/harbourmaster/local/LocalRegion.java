package dev.harbourmaster.local;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The region local mode runs in, and where that came from: {@code --region} when given, else
 * AWS_REGION, else AWS_DEFAULT_REGION, else eu-west-1. The emulator keeps regions apart, so an AWS
 * client in a shell sees local mode only in local mode's region: following the shell's saves the
 * export line for it.
 *
 * @param source "--region", "AWS_REGION", "AWS_DEFAULT_REGION" or "default"
 */
public record LocalRegion(String name, String source) {

    public static final String DEFAULT = "eu-west-1";

    /** us-east-1, us-gov-west-1, cn-north-1, eusc-de-east-1: lower-case words and a number. */
    private static final Pattern SHAPE = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");

    /**
     * @param flag        the --region option, or null
     * @param environment the process environment (AWS_REGION and AWS_DEFAULT_REGION; blank counts as unset)
     * @throws IllegalArgumentException when the value chosen is not shaped like a region name: says where it came from and the fix
     */
    public static LocalRegion choose(String flag, Map<String, String> environment) {
        if (flag != null) {
            return of(flag, "--region");
        }
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return of(value, variable);
            }
        }
        return new LocalRegion(DEFAULT, "default");
    }

    private static LocalRegion of(String name, String source) {
        if (!SHAPE.matcher(name).matches()) {
            boolean flag = source.equals("--region");
            throw new IllegalArgumentException((flag ? "--region '" : source + "='") + name + "' is not an AWS region name"
                    + " (lower-case words and a number, such as eu-west-1 or us-east-2): "
                    + (flag ? "give one, for example --region " + DEFAULT
                    : "set " + source + " to one, or pass --region (it wins over " + source + ")"));
        }
        return new LocalRegion(name, source);
    }

    /** As the banner says it: {@code us-east-2 (from AWS_REGION)}. */
    @Override
    public String toString() {
        return name + (source.equals("default") ? " (the default; --region, AWS_REGION or AWS_DEFAULT_REGION choose another)"
                : " (from " + source + ")");
    }
}

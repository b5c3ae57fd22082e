package dev.harbourmaster.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository as a manifest names it and the table keeps it: by name in the stack's own ECR
 * registry ({@code catalogue/api}), or with the registry it lives in
 * ({@code 210987654321.dkr.ecr.eu-west-1.amazonaws.com/catalogue/api}). The whole string is the
 * repository's id (its feeds, its builds), so {@code catalogue/api} in two accounts are two
 * repositories, and a push is matched by its registry's account and region and its name.
 *
 * @param account the registry's account, or null for the stack's own registry
 * @param region  the registry's region, or null for the stack's own
 * @param name    the repository's name in its registry
 */
public record EcrRepository(String account, String region, String name) {

    private static final Pattern QUALIFIED = Pattern.compile(
            "([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/(.+)");

    /** The repository of an id: qualified when it starts with an ECR registry's host. */
    public static EcrRepository of(String id) {
        Matcher m = QUALIFIED.matcher(id);
        return m.matches() ? new EcrRepository(m.group(1), m.group(2), m.group(3)) : new EcrRepository(null, null, id);
    }

    /** The host of an account's registry in a region, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com. */
    public static String registryHost(String account, String region) {
        return account + ".dkr.ecr." + region + "." + (region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com");
    }

    public boolean inStacksRegistry() {
        return account == null;
    }

    /** Its id: the name alone in the stack's registry, else the registry's host and the name. */
    public String id() {
        return inStacksRegistry() ? name : registryHost(account, region) + "/" + name;
    }
}

package dev.harbourmaster.support;

import dev.harbourmaster.domain.EcrRepository;
import dev.harbourmaster.domain.Placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The AWS accounts and regions this stack serves: its own (where its functions run) and those the
 * template's {@code TrustedAccountRegions} parameter adds. build-recorder records pushes only from
 * these, the deployer deploys only images of their ECR registries, and the deployment-recorder reads
 * ECS events only from these. The one place that says what "ours" is: an environment in another
 * account or region ({@code environments[].account/region}) must be among {@code others}, or its
 * deployments are refused before they start (their events would be ignored here).
 *
 * @param own    where the stack runs: HM_ACCOUNT_ID (the template passes AWS::AccountId) and AWS_REGION
 *               (Lambda sets it); the deployer deploys here
 * @param others HM_TRUSTED_ACCOUNT_REGIONS, comma-separated ACCOUNT:REGION pairs (may be empty)
 */
public record ServedAccounts(AccountRegion own, List<AccountRegion> others) {

    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

    /** An AWS account and one of its regions. */
    public record AccountRegion(String account, String region) {

        public AccountRegion {
            if (account == null || !ACCOUNT.matcher(account).matches()) {
                throw new IllegalArgumentException("'" + account + "' is not an AWS account id (12 digits)");
            }
            if (region == null || !REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("'" + region + "' is not an AWS region name (such as eu-west-1)");
            }
        }

        /** The host of this account's ECR registry in this region, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com. */
        public String ecrRegistry() {
            return EcrRepository.registryHost(account, region);
        }

        @Override
        public String toString() {
            return account + ":" + region;
        }
    }

    public ServedAccounts {
        others = List.copyOf(others);
    }

    /** Only the stack's own account and region. */
    public static ServedAccounts of(String account, String region) {
        return new ServedAccounts(new AccountRegion(account, region), List.of());
    }

    public static ServedAccounts fromEnvironment(Map<String, String> environment) {
        String account = environment.get("HM_ACCOUNT_ID");
        String region = environment.get("AWS_REGION");
        if (account == null || account.isBlank() || region == null || region.isBlank()) {
            throw new IllegalStateException("HM_ACCOUNT_ID and AWS_REGION must be set: the template passes AWS::AccountId as"
                    + " HM_ACCOUNT_ID and Lambda sets AWS_REGION (they say which account and region the stack serves)");
        }
        List<AccountRegion> others = new ArrayList<>();
        for (String pair : environment.getOrDefault("HM_TRUSTED_ACCOUNT_REGIONS", "").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.strip().split(":", -1);
            if (parts.length != 2) {
                throw new IllegalStateException("HM_TRUSTED_ACCOUNT_REGIONS: '" + pair.strip()
                        + "' is not ACCOUNT:REGION (such as 111122223333:eu-west-1)");
            }
            others.add(configured(parts[0], parts[1], "HM_TRUSTED_ACCOUNT_REGIONS"));
        }
        return new ServedAccounts(configured(account, region, "HM_ACCOUNT_ID/AWS_REGION"), others);
    }

    private static AccountRegion configured(String account, String region, String variable) {
        try {
            return new AccountRegion(account, region);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(variable + ": " + e.getMessage(), e);
        }
    }

    /** The placement as deployments are keyed and matched: the stack's own account and region left out. */
    public Placement normalized(Placement placement) {
        return placement.normalized(own.account(), own.region());
    }

    /** Where an event of this account and region happened, normalized: the stack's own is {@link Placement#HOME}. */
    public Placement placeOf(String account, String region) {
        return normalized(new Placement(account, region, null));
    }

    /** Why the stack does not serve where this placement is (empty when it does). */
    public Optional<String> placementRefusal(Placement placement) {
        Placement place = normalized(placement);
        if (place.account() == null) {
            return Optional.empty();
        }
        return refusal(place.account(), place.region());
    }

    public List<AccountRegion> all() {
        List<AccountRegion> all = new ArrayList<>();
        all.add(own);
        all.addAll(others);
        return all;
    }

    /**
     * Why an event from this account and region is not ours, in words fit for a log line; empty when
     * the stack serves it.
     */
    public Optional<String> refusal(String account, String region) {
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            return Optional.of("account '" + account + "' is not an AWS account id (12 digits)");
        }
        if (all().stream().anyMatch(s -> s.account().equals(account) && s.region().equals(region))) {
            return Optional.empty();
        }
        return Optional.of("account " + account + " region " + region + " is not one this stack serves ("
                + all().stream().map(AccountRegion::toString).collect(Collectors.joining(", "))
                + "; the template's TrustedAccountRegions parameter adds others)");
    }

    /**
     * Whether {@code image} is exactly {@code repository@digest} in the ECR registry of an account and
     * region served: the repository's own registry when the manifest names it ({@link EcrRepository}).
     */
    public boolean isServedImage(String image, String repository, String digest) {
        if (image == null) {
            return false;
        }
        EcrRepository named = EcrRepository.of(repository);
        if (!named.inStacksRegistry()) {
            return refusal(named.account(), named.region()).isEmpty() && image.equals(repository + "@" + digest);
        }
        return all().stream().anyMatch(s -> image.equals(s.ecrRegistry() + "/" + repository + "@" + digest));
    }

    /**
     * The id of the repository a push of this account and region went to: its name in the stack's own
     * registry, else qualified with its registry ({@link EcrRepository}).
     */
    public String repositoryId(String account, String region, String name) {
        return own.account().equals(account) && own.region().equals(region) ? name
                : new EcrRepository(account, region, name).id();
    }

    /** A manifest's repository as the table keeps it: the stack's own registry written out becomes the name alone. */
    public String repositoryId(String repository) {
        EcrRepository named = EcrRepository.of(repository);
        return named.inStacksRegistry() ? repository : repositoryId(named.account(), named.region(), named.name());
    }
}

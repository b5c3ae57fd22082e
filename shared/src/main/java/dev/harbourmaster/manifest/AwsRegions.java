package dev.harbourmaster.manifest;

import dev.harbourmaster.support.Suggest;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * The regions an environment may live in: those the AWS SDK knows, without its global pseudo-regions
 * (aws-global and the like, which no ECS cluster is in).
 */
final class AwsRegions {

    private static final List<String> NAMES = Region.regions().stream()
            .filter(region -> !region.isGlobalRegion())
            .map(Region::id)
            .sorted()
            .toList();

    private AwsRegions() {}

    static boolean exists(String name) {
        return NAMES.contains(name);
    }

    /** What is wrong with a region name, with the nearest real ones when some are close; empty when it exists. */
    static Optional<String> problem(String name) {
        if (exists(name)) {
            return Optional.empty();
        }
        String nearest = Suggest.didYouMean(name, NAMES);
        return Optional.of("'" + name + "' is not an AWS region" + (nearest.isEmpty()
                ? ": write a region's name, such as eu-west-1 or us-east-1"
                : nearest));
    }

    /** The partition a region is in (aws, aws-cn, aws-us-gov, ...), as the SDK's metadata says. */
    static Optional<String> partitionOf(String name) {
        var metadata = Region.of(name).metadata();
        return metadata == null ? Optional.empty() : Optional.of(metadata.partition().id());
    }
}

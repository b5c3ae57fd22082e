package dev.harbourmaster.githubdeployments;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;

/**
 * The events library's stream images as the SDK's attribute maps, which the table's item mappers
 * read. Every type a release set item holds converts (strings, numbers, booleans, string sets,
 * maps, lists, binary); anything else becomes NULL.
 */
final class StreamAttributes {

    private StreamAttributes() {}

    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(Map<String, AttributeValue> image) {
        if (image == null) {
            return null;
        }
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> converted = new LinkedHashMap<>();
        image.forEach((name, value) -> converted.put(name, toSdk(value)));
        return converted;
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue toSdk(AttributeValue value) {
        var sdk = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        if (value == null) {
            return sdk.nul(true).build();
        } else if (value.getS() != null) {
            sdk.s(value.getS());
        } else if (value.getN() != null) {
            sdk.n(value.getN());
        } else if (value.getBOOL() != null) {
            sdk.bool(value.getBOOL());
        } else if (value.getSS() != null) {
            sdk.ss(List.copyOf(value.getSS()));
        } else if (value.getNS() != null) {
            sdk.ns(List.copyOf(value.getNS()));
        } else if (value.getM() != null) {
            sdk.m(toSdk(value.getM()));
        } else if (value.getL() != null) {
            sdk.l(value.getL().stream().map(StreamAttributes::toSdk).toList());
        } else if (value.getB() != null) {
            sdk.b(SdkBytes.fromByteBuffer(value.getB().asReadOnlyBuffer()));
        } else {
            sdk.nul(true);
        }
        return sdk.build();
    }
}

package dev.harbourmaster.invoke;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;

/**
 * The events library's stream images as the SDK's attribute maps, which the table's item mappers
 * read ({@link dev.harbourmaster.dynamodb.StreamImages}): what domain-events and github-deployments
 * receive from the table's stream; and the SDK's items as such images (stream records made in tests and local mode). Every DynamoDB type converts; a value
 * with no type set becomes NULL.
 */
public final class LambdaImages {

    private LambdaImages() {}

    /** Null stays null (an image the record does not carry). */
    public static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(Map<String, AttributeValue> image) {
        if (image == null) {
            return null;
        }
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> converted = new LinkedHashMap<>();
        image.forEach((name, value) -> converted.put(name, toSdk(value)));
        return converted;
    }

    public static software.amazon.awssdk.services.dynamodb.model.AttributeValue toSdk(AttributeValue value) {
        if (value == null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNul(true);
        }
        if (value.getS() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(value.getS());
        }
        if (value.getN() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(value.getN());
        }
        if (value.getB() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromB(bytes(value.getB()));
        }
        if (value.getBOOL() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool(value.getBOOL());
        }
        if (value.getSS() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(List.copyOf(value.getSS()));
        }
        if (value.getNS() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNs(List.copyOf(value.getNS()));
        }
        if (value.getBS() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBs(
                    value.getBS().stream().map(LambdaImages::bytes).toList());
        }
        if (value.getM() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(toSdk(value.getM()));
        }
        if (value.getL() != null) {
            return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL(
                    value.getL().stream().map(LambdaImages::toSdk).toList());
        }
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNul(true);
    }

    private static SdkBytes bytes(ByteBuffer buffer) {
        return SdkBytes.fromByteBuffer(buffer.asReadOnlyBuffer());
    }

    /** The SDK's item as the image Lambda hands a function (the types Harbourmaster writes). */
    public static Map<String, AttributeValue> toLambda(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        Map<String, AttributeValue> converted = new LinkedHashMap<>();
        item.forEach((name, value) -> converted.put(name, lambdaValue(value)));
        return converted;
    }

    private static AttributeValue lambdaValue(software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        AttributeValue converted = new AttributeValue();
        switch (value.type()) {
            case S -> converted.setS(value.s());
            case N -> converted.setN(value.n());
            case BOOL -> converted.setBOOL(value.bool());
            case NUL -> converted.setNULL(true);
            case SS -> converted.setSS(value.ss());
            case NS -> converted.setNS(value.ns());
            case L -> converted.setL(value.l().stream().map(LambdaImages::lambdaValue).toList());
            case M -> converted.setM(toLambda(value.m()));
            default -> throw new IllegalArgumentException("attribute type not used by Harbourmaster: " + value.type());
        }
        return converted;
    }
}

package dev.harbourmaster.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

class LambdaImagesTest {

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue convert(AttributeValue value) {
        return LambdaImages.toSdk(Map.of("a", value)).get("a");
    }

    @Test
    void everyDynamoDbTypeConverts() {
        ByteBuffer bytes = ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(convert(new AttributeValue().withS("x")).s()).isEqualTo("x");
        assertThat(convert(new AttributeValue().withN("12")).n()).isEqualTo("12");
        assertThat(convert(new AttributeValue().withB(bytes)).b()).isEqualTo(SdkBytes.fromUtf8String("hi"));
        assertThat(convert(new AttributeValue().withBOOL(false)).bool()).isFalse();
        assertThat(convert(new AttributeValue().withNULL(true)).nul()).isTrue();
        assertThat(convert(new AttributeValue().withSS(List.of("a", "b"))).ss()).containsExactly("a", "b");
        assertThat(convert(new AttributeValue().withNS(List.of("1"))).ns()).containsExactly("1");
        assertThat(convert(new AttributeValue().withBS(List.of(bytes))).bs()).containsExactly(SdkBytes.fromUtf8String("hi"));
        assertThat(convert(new AttributeValue().withL(List.of(new AttributeValue().withS("x")))).l())
                .extracting(software.amazon.awssdk.services.dynamodb.model.AttributeValue::s).containsExactly("x");
        assertThat(convert(new AttributeValue().withM(Map.of("k", new AttributeValue().withN("1")))).m().get("k").n())
                .isEqualTo("1");
        assertThat(convert(new AttributeValue().withL(List.of())).hasL()).isTrue();
        assertThat(bytes.position()).as("the record's buffer is not consumed").isZero();
    }

    @Test
    void aMissingImageStaysMissing() {
        assertThat(LambdaImages.toSdk((Map<String, AttributeValue>) null)).isNull();
    }
}

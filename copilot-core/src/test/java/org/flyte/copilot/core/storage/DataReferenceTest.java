package org.flyte.copilot.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataReferenceTest {

  @ParameterizedTest(name = "split [{0}]")
  @CsvSource(
      delimiter = '|',
      emptyValue = "",
      textBlock = """
          s3://bucket/key/a.txt          | s3    | bucket      | key/a.txt
          s3://bucket/raw/my%20file.txt  | s3    | bucket      | raw/my file.txt
          blob                           |       |             | blob
          /output/errors.pb              |       |             | output/errors.pb
          s3://bucket                    | s3    | bucket      | ''
          s3://bucket/                   | s3    | bucket      | ''
          s3://bucket/dir/               | s3    | bucket      | dir
          gs://b/a/b/c                   | gs    | b           | a/b/c
          file:///tmp/x                  | file  |             | tmp/x
          https://example.com:8443/a/b   | https | example.com:8443 | a/b
          s3://bucket/a+b                | s3    | bucket      | a+b
          s3://bucket/%E6%97%A5.txt      | s3    | bucket      | 日.txt
          s3://bucket/with space.txt     | s3    | bucket      | with space.txt
          abfs://c1@acct.dfs.core.windows.net/raw/x.txt  | abfs  | c1 | raw/x.txt
          abfss://c1@acct.dfs.core.windows.net/          | abfss | c1 | ''
          abfs://c1/raw/x.txt            | abfs  | c1          | raw/x.txt
          """)
  void parse_splitsLikeGo(String reference, String scheme, String container, String key) {
    // CsvSource turns an unquoted empty column into null
    DataReference ref = DataReference.parse(reference);
    assertThat(ref.scheme()).isEqualTo(Objects.toString(scheme, ""));
    assertThat(ref.container()).isEqualTo(Objects.toString(container, ""));
    assertThat(ref.key()).isEqualTo(Objects.toString(key, ""));
  }

  @ParameterizedTest(name = "construct [{0}] + [{1}]")
  @CsvSource(
      delimiter = '|',
      emptyValue = "",
      textBlock = """
          s3://bucket/prefix   | outputs.pb     | s3://bucket/prefix/outputs.pb
          s3://bucket/prefix/  | outputs.pb     | s3://bucket/prefix/outputs.pb
          output               | errors.pb      | /output/errors.pb
          raw                  | x              | /raw/x
          ''                   | x              | /x
          output               | ''             | /output/
          s3://bucket/raw/x    | nested,deep.txt | s3://bucket/raw/x/nested/deep.txt
          s3://bucket/raw/x    | my file.txt    | s3://bucket/raw/x/my%20file.txt
          s3://bucket/raw      | /x/            | s3://bucket/raw/x
          s3://bucket/raw      | ../up          | s3://bucket/up
          s3://bucket/raw/x    | a:b            | a:b
          s3://bucket/raw/x    | a?b#c          | s3://bucket/raw/x/a?b#c
          """)
  void construct_joinsLikeGo(String base, String keys, String expected) {
    String[] parts = keys.isEmpty() ? new String[] {""} : keys.split(",");
    assertThat(DataReference.construct(base, parts)).isEqualTo(expected);
  }

  @Test
  void construct_invalidEscape_failsNamingTheEscape() {
    assertThatThrownBy(() -> DataReference.construct("s3://b/p", "100%"))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("invalid URL escape \"%\"");
  }

  @Test
  void parse_invalidEscape_failsNamingTheReference() {
    assertThatThrownBy(() -> DataReference.parse("s3://bucket/a%zz"))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining("s3://bucket/a%zz")
        .hasMessageContaining("invalid URL escape");
  }

  @Test
  void parse_unparseable_failsNamingTheReference() {
    assertThatThrownBy(() -> DataReference.parse("s3://bu[cket/a"))
        .isInstanceOf(InvalidReferenceException.class)
        .hasMessageStartingWith("Reference is of an invalid format [s3://bu[cket/a]");
  }

  @Test
  void toUri_roundTripsEncodedKeys() {
    DataReference ref = DataReference.parse("s3://bucket/raw/my%20file.txt");
    assertThat(ref.toUri()).isEqualTo("s3://bucket/raw/my%20file.txt");
    assertThat(DataReference.parse(ref.toUri())).isEqualTo(ref);
  }

  @Test
  void parse_httpKeepsQuery() {
    DataReference ref = DataReference.parse("https://example.com/a/b.bin?X-Amz-Expires=60&x=a%2Fb");
    assertThat(ref.scheme()).isEqualTo("https");
    assertThat(ref.container()).isEqualTo("example.com");
    assertThat(ref.key()).isEqualTo("a/b.bin");
    assertThat(ref.query()).isEqualTo("X-Amz-Expires=60&x=a%2Fb");
    assertThat(ref.toUri()).isEqualTo("https://example.com/a/b.bin?X-Amz-Expires=60&x=a%2Fb");
  }

  @Test
  void parse_withoutQuery_equalsThreePartReference() {
    assertThat(DataReference.parse("s3://b/k")).isEqualTo(new DataReference("s3", "b", "k"));
    assertThat(DataReference.parse("s3://b/k").query()).isEmpty();
  }

  @Test
  void toString_hidesSignatureQueryValues() {
    DataReference ref =
        DataReference.parse("https://h/o?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=abc123&X-Amz-Expires=60");
    assertThat(ref.toString())
        .isEqualTo("https://h/o?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&X-Amz-Expires=60");
    assertThat(ref.toUri()).contains("X-Amz-Signature=abc123");
  }

  @Test
  void keyPrefix_endsWithOneSlash() {
    assertThat(DataReference.parse("s3://b/abc").keyPrefix()).isEqualTo("abc/");
    assertThat(DataReference.parse("s3://b/abc/").keyPrefix()).isEqualTo("abc/");
    assertThat(DataReference.parse("s3://b").keyPrefix()).isEmpty();
  }

  @Test
  void child_appendsTrimmedKey() {
    assertThat(DataReference.parse("s3://b/p").child("/x/y/").toUri()).isEqualTo("s3://b/p/x/y");
    assertThat(DataReference.parse("s3://b").child("x").toUri()).isEqualTo("s3://b/x");
  }

  @Test
  void redactText_hidesSignedUrlCredentialsAnywhereInAMessage() {
    String msg = "variable [data]: cannot download http://h/b/k?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature="
        + "deadbeefSECRET&x=1 to /in/data: read http://h/b/k?sig=abc: HTTP status 403 [https://g/o?token=t0k3n]";
    assertThat(DataReference.redactText(msg)).isEqualTo("variable [data]: cannot download "
        + "http://h/b/k?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&x=1 to /in/data: read "
        + "http://h/b/k?sig=REDACTED: HTTP status 403 [https://g/o?token=REDACTED]");
    assertThat(DataReference.redactText("s3://bucket/key?versionId=3")).isEqualTo("s3://bucket/key?versionId=3");
    assertThat(DataReference.redactText("read https://alice:hunter2@h.example/k: 401"))
        .isEqualTo("read https://alice:REDACTED@h.example/k: 401");
    assertThat(DataReference.parse("https://alice:hunter2@h.example/k").toString()).doesNotContain("hunter2");
    assertThat(DataReference.redactText("at 10:30: s3://b/k")).isEqualTo("at 10:30: s3://b/k");
  }
}

package org.flyte.copilot.upload.read;

import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;
import org.flyte.copilot.upload.locate.UploadPlan;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.LiteralType;
import org.flyte.copilot.upload.locate.UploadPlan;
import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;

/** Turns one kind of declared type into a literal, from its file or directory or from a JSON/YAML value. */
interface ValueReader {

  /** The literal held by {@code entry} (a located file or directory). */
  Literal fromEntry(Site site, LiteralType type, Entry entry, UploadPlan plan);

  /** The literal held by {@code node}, a value of {@code outputs.json}/{@code .yaml} or of a value file. */
  Literal fromJson(Site site, LiteralType type, JsonNode node, UploadPlan plan);
}

#include "report/long_values.h"

namespace silentcors::report {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
// Around a value in a sentence: `(it now sends: "VALUE").`
bool opens(char c) { return c == '(' || c == '"' || c == '\'' || c == '['; }
bool closes(char c) {
  return c == ')' || c == '"' || c == '\'' || c == ']' || c == '.' || c == ',' || c == ';' || c == ':';
}

std::size_t characters(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += !is_continuation(c);
  return count;
}

// The first `count` characters of `text`.
std::string_view first_characters(std::string_view text, std::size_t count) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_continuation(text[i]) && seen++ == count) return text.substr(0, i);
  }
  return text;
}

std::string shortened(std::string_view value, std::size_t shown, std::size_t length) {
  return std::string(first_characters(value, shown)) + "… (" + std::to_string(length) + " characters)";
}

void shorten_all(std::vector<std::string>& texts) {
  for (auto& text : texts) text = shorten_long_values(text);
}

}  // namespace

std::string shorten_long_values(std::string_view text) {
  if (characters(text) <= kLongValueCharacters) return std::string(text);
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_space(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && !is_space(text[end])) ++end;
    std::string_view word = text.substr(i, end - i);
    std::size_t lead = 0;
    while (lead < word.size() && opens(word[lead])) ++lead;
    std::size_t tail = word.size();
    while (tail > lead && closes(word[tail - 1])) --tail;
    std::string_view value = word.substr(lead, tail - lead);
    const std::size_t length = characters(value);
    if (length > kLongValueCharacters) {
      out.append(word.substr(0, lead));
      out += shortened(value, kShownValueCharacters, length);
      out.append(word.substr(tail));
    } else {
      out.append(word);
    }
    i = end;
  }
  if (characters(out) > kLongTextCharacters) return shortened(out, kLongTextCharacters, characters(text));
  return out;
}

Finding shorten_long_values(const Finding& in) {
  Finding f = in;
  for (auto* s : {&f.severity, &f.method, &f.url, &f.origin, &f.scenario, &f.message, &f.fix,
                  &f.disagreement}) {
    *s = shorten_long_values(*s);
  }
  shorten_all(f.headers);
  if (f.fix_snippet) f.fix_snippet->text = shorten_long_values(f.fix_snippet->text);
  if (f.server) f.server->evidence = shorten_long_values(f.server->evidence);
  shorten_all(f.also_fails);
  shorten_all(f.corroboration);
  shorten_all(f.sources);
  if (f.chrome) {
    f.chrome->cors_error = shorten_long_values(f.chrome->cors_error);
    f.chrome->failed_parameter = shorten_long_values(f.chrome->failed_parameter);
  }
  for (auto* o : {&f.allow_headers, &f.allow_methods, &f.allow_origin}) {
    if (*o) **o = shorten_long_values(**o);
  }
  if (f.intermittent) shorten_all(f.intermittent->explained_by);
  return f;
}

Report shorten_long_values(const Report& in) {
  Report report = in;
  for (auto& finding : report.findings) finding = shorten_long_values(finding);
  shorten_all(report.notes);
  return report;
}

ScenarioRun shorten_long_values(const ScenarioRun& in) {
  ScenarioRun run = in;
  run.scenario = shorten_long_values(run.scenario);
  run.file = shorten_long_values(run.file);
  run.error = shorten_long_values(run.error);
  shorten_all(run.failures);
  shorten_all(run.tolerated);
  run.report = shorten_long_values(run.report);
  return run;
}

std::vector<ScenarioRun> shorten_long_values(const std::vector<ScenarioRun>& in) {
  std::vector<ScenarioRun> runs;
  runs.reserve(in.size());
  for (const auto& run : in) runs.push_back(shorten_long_values(run));
  return runs;
}

}  // namespace silentcors::report

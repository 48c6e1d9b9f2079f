// The `--explain` text: one header per choice, then one line per candidate with its verdict.
// Plain and deterministic (no widths measured from the terminal), so runs compare byte for byte.
#include <polycloud/placement.hpp>

namespace polycloud {

namespace {

std::string verdict_line(Verdict const& verdict) {
  std::string outcome(to_string(verdict.outcome));
  outcome.resize(10, ' ');
  auto label = verdict.name.empty() ? verdict.id : verdict.id + " (" + verdict.name + ")";
  return "  " + outcome + label + ": " + verdict.reason + "\n";
}

std::string explain(Choice const& choice, std::string const& provider) {
  auto const part = std::string(to_string(choice.part));
  if (choice.by == Choice::By::none && choice.ok()) return part + " on " + provider + ": none asked, the provider's default\n";
  auto text = part + " `" + choice.text + "` on " + provider + ": ";
  if (!choice.ok())
    text += "no choice";
  else if (choice.by == Choice::By::unlisted)
    text += provider + " lists no " + part + "s, so it is passed on as given";
  else
    text += "by " + std::string(to_string(choice.by)) + ", " + choice.id;
  text += "\n";
  for (auto const& verdict : choice.candidates) text += verdict_line(verdict);
  return text;
}

}  // namespace

std::string explain(Resolution const& resolution) {
  std::string text;
  if (!resolution.missing_features.empty()) {
    text += "features on " + resolution.provider + ": lacks";
    for (auto const& feature : resolution.missing_features) text += " " + feature;
    text += "\n";
  }
  for (auto const* choice : {&resolution.size, &resolution.image, &resolution.region})
    text += explain(*choice, resolution.provider);
  return text;
}

std::string explain_providers(Placement const& placement) {
  std::string text = "provider:\n";
  for (auto const& verdict : placement.verdicts) text += verdict_line(verdict);
  return text;
}

std::string explain(Placement const& placement) {
  auto text = explain_providers(placement);
  // Each provider's own choices, in the verdicts' order (the chosen first).
  for (auto const& verdict : placement.verdicts)
    for (auto const& resolution : placement.resolutions)
      if (resolution.provider == verdict.id) text += explain(resolution);
  return text;
}

}  // namespace polycloud

#include "ingest/event_answer.h"

#include <boost/json/serialize.hpp>

#include "common/time_format.h"
#include "domain/json_views.h"

namespace hookwarden::ingest {

std::string EventAnswerJson(const EventAnswer& answer,
                            const EventOutcome& written) {
  std::string out;
  out.reserve(192);
  out += written.duplicate
             ? R"({"accepted":0,"duplicate":true,"application":)"
             : R"({"accepted":1,"duplicate":false,"application":)";
  out +=
      boost::json::serialize(boost::json::string_view(answer.application_slug));
  out += answer.failure ? R"(,"status":"failure","timestamp":")"
                        : R"(,"status":"hit","timestamp":")";
  AppendRfc3339(out, answer.at);
  out += R"(","state":")";
  out += StateName(written.open_incident != nullptr, written.in_maintenance);
  out += R"(","incident":)";
  if (written.open_incident) {
    out += boost::json::serialize(IncidentJson(*written.open_incident));
  } else {
    out += "null";
  }
  if (answer.message_truncated) out += R"(,"message_truncated":true)";
  if (answer.output_truncated) out += R"(,"output_truncated":true)";
  if (answer.run_id) {
    out += R"(,"run_id":)";
    out += boost::json::serialize(boost::json::string_view(*answer.run_id));
  }
  if (written.duration_ms) {
    out += R"(,"duration_ms":)";
    out += std::to_string(*written.duration_ms);
  }
  out += '}';
  return out;
}

}  // namespace hookwarden::ingest

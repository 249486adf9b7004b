// The grant and the request the data-plane fuzz targets hand the parsers:
// a token of `kind` for two applications (one for a deploy token), with a
// third application of the organization it may not report for.
#pragma once

#include <boost/beast/http/field.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/request.h"
#include "ingest/grants.h"

namespace hookwarden::fuzz {

inline constexpr int64_t kNow = 1'790'000'000'000;

inline ingest::Grant MakeGrant(auth::TokenKind kind) {
  ingest::Grant grant;
  grant.kind = kind;
  grant.organization_id = "org_fuzz";
  grant.credential_id = "itk_fuzz";
  grant.applications = {{"app_one", "checkout"}, {"app_two", "billing"}};
  if (kind == auth::TokenKind::kDeploy) grant.applications.resize(1);
  grant.others = {{"app_three", "search", true}};
  return grant;
}

inline http::Request MakeRequest(std::string_view body, std::string type) {
  http::Request request;
  request.method = "POST";
  request.body = std::string(body);
  request.remote_address = "127.0.0.1";
  request.headers.set(boost::beast::http::field::content_type, type);
  return request;
}

}  // namespace hookwarden::fuzz

// Errors as values. A Status is either ok or carries an ErrorCode, a message
// meant for the caller, and optionally the name of the request field at fault.
// The HTTP layer maps each ErrorCode to one status code and one JSON error
// body, so handlers and the store only ever say *what* went wrong.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace hookwarden {

enum class ErrorCode {
  kOk,
  kBadRequest,            // 400: malformed syntax (JSON, query, headers).
  kUnauthenticated,       // 401: missing or rejected credentials.
  kForbidden,             // 403: authenticated but not allowed.
  kNotFound,              // 404: absent, or belongs to another organization.
  kMethodNotAllowed,      // 405
  kConflict,              // 409: duplicate or still in use.
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kInvalid,               // 422: well-formed but not acceptable.
  kRateLimited,           // 429
  kUnavailable,           // 503: the store cannot be reached.
  kInternal,              // 500: a bug or an unexpected I/O failure.
};

// [[nodiscard]]: a Status returned and dropped is an error ignored, so the
// compiler refuses it (a deliberate drop says why, with a (void) cast).
class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status BadRequest(std::string message,
                           std::string code = "bad_request",
                           std::string field = {}) {
    return Status(ErrorCode::kBadRequest, std::move(code), std::move(message),
                  std::move(field));
  }
  static Status Unauthenticated(std::string message) {
    return Status(ErrorCode::kUnauthenticated, "unauthenticated",
                  std::move(message));
  }
  static Status Forbidden(std::string message, std::string code = "forbidden") {
    return Status(ErrorCode::kForbidden, std::move(code), std::move(message));
  }
  static Status NotFound(std::string message) {
    return Status(ErrorCode::kNotFound, "not_found", std::move(message));
  }
  static Status MethodNotAllowed(std::string message) {
    return Status(ErrorCode::kMethodNotAllowed, "method_not_allowed",
                  std::move(message));
  }
  static Status Conflict(std::string message, std::string field = {}) {
    return Status(ErrorCode::kConflict, "conflict", std::move(message),
                  std::move(field));
  }
  static Status PayloadTooLarge(std::string message) {
    return Status(ErrorCode::kPayloadTooLarge, "payload_too_large",
                  std::move(message));
  }
  static Status UnsupportedMediaType(std::string message) {
    return Status(ErrorCode::kUnsupportedMediaType, "unsupported_media_type",
                  std::move(message));
  }
  // A 422 about one field; `code` refines it ("missing_field",
  // "unknown_field").
  static Status Invalid(std::string field, std::string message,
                        std::string code = "invalid_field") {
    return Status(ErrorCode::kInvalid, std::move(code), std::move(message),
                  std::move(field));
  }
  static Status RateLimited(std::string message, int retry_after_seconds) {
    Status s(ErrorCode::kRateLimited, "rate_limited", std::move(message));
    s.retry_after_seconds_ = retry_after_seconds;
    return s;
  }
  static Status Unavailable(std::string message) {
    return Status(ErrorCode::kUnavailable, "unavailable", std::move(message));
  }
  // A 503 that says when to come back: the server refused the request
  // before storing anything of it, to stay within a bound (`code` names
  // which one).
  static Status Overloaded(std::string code, std::string message,
                           int retry_after_seconds) {
    Status s(ErrorCode::kUnavailable, std::move(code), std::move(message));
    s.retry_after_seconds_ = retry_after_seconds;
    return s;
  }
  static Status Internal(std::string message) {
    return Status(ErrorCode::kInternal, "internal", std::move(message));
  }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  // Machine-readable code for the JSON body, e.g. "not_found".
  const std::string& error_code() const { return error_code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }
  int retry_after_seconds() const { return retry_after_seconds_; }

 private:
  Status(ErrorCode code, std::string error_code, std::string message,
         std::string field = {})
      : code_(code),
        error_code_(std::move(error_code)),
        message_(std::move(message)),
        field_(std::move(field)) {}

  ErrorCode code_ = ErrorCode::kOk;
  std::string error_code_;
  std::string message_;
  std::string field_;
  int retry_after_seconds_ = 0;
};

// A value of T, or the Status saying why there is none. Never holds an ok
// Status: building one from an ok Status is a programming error that ends
// the process (in every build type), since the caller would find neither a
// value nor an error.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status)                      // NOLINT: implicit by design
      : v_(std::move(status)) {
    if (std::get<Status>(v_).ok()) {
      std::fputs("hookwarden: a Result was built from an ok Status\n", stderr);
      std::abort();
    }
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  // Ok when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace hookwarden

// Returns early from the enclosing function when `expr` (a Status) is not ok.
// The local's name is unique per use, so that a use inside the expression of
// another (a lambda's body) does not shadow it.
#define HW_STATUS_CONCAT_INNER(a, b) a##b
#define HW_STATUS_CONCAT(a, b) HW_STATUS_CONCAT_INNER(a, b)
#define HW_RETURN_IF_ERROR(expr) \
  HW_RETURN_IF_ERROR_NAMED(HW_STATUS_CONCAT(hw_status_, __COUNTER__), expr)
#define HW_RETURN_IF_ERROR_NAMED(name, expr) \
  do {                                       \
    ::hookwarden::Status name = (expr);      \
    if (!name.ok()) return name;             \
  } while (0)

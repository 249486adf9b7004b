// Runs a piece of work every so often on a thread of its own, until
// stopped: the shape of the server's background jobs (retention, the
// no-data watch).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace hookwarden {

class PeriodicTask {
 public:
  // Starts the thread (named `name`, at most 15 characters); `work` first
  // runs one `interval` after the start, then every `interval`.
  PeriodicTask(std::string name, std::chrono::milliseconds interval,
               std::function<void()> work);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // Ends the thread after the run under way. Idempotent.
  void Stop();
  // Runs `work` as soon as the thread is free, without waiting for the rest
  // of the interval (the next interval starts after that run). Thread-safe.
  void Wake();
  // True once Stop() was called: long work checks it between steps.
  bool stopping();

 private:
  void Run();

  const std::string name_;
  const std::chrono::milliseconds interval_;
  const std::function<void()> work_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // Guarded by mutex_.
  bool woken_ = false;     // Guarded by mutex_.
  std::thread thread_;
};

}  // namespace hookwarden

#include "browser/devtools_gate.h"

#include <atomic>
#include <deque>
#include <list>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>  // Before Asio: Boost 1.74's awaitable.hpp uses std::exchange.

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "browser/resume_hold.h"

namespace silentcors::browser {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

// A response body or a page's screenshot can be large; the browser's own
// limit is far above Beast's default of 16 MiB.
constexpr std::uint64_t kMessageMax = 512ull << 20;

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

class GateConnection;

struct DevToolsGate::Impl {
  Impl(const std::string& host, int port) : upstream_host(host), upstream_port(port), acceptor(io) {}

  asio::io_context io;
  std::string upstream_host;
  int upstream_port;
  tcp::acceptor acceptor;
  std::thread thread;
  // Only touched on the io thread.
  std::set<std::string> released;
  std::list<std::weak_ptr<GateConnection>> connections;
  std::atomic<std::size_t> held{0};
  std::atomic<std::size_t> expired{0};

  std::string upstream_authority() const { return upstream_host + ":" + std::to_string(upstream_port); }
  std::string own_authority() const { return "127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()); }
  void accept();
};

// One suite connection: an HTTP request answered by the browser, or a
// WebSocket passed through both ways under a ResumeHold.
class GateConnection : public std::enable_shared_from_this<GateConnection> {
 public:
  using Stream = websocket::stream<tcp::socket>;

  GateConnection(DevToolsGate::Impl& gate, tcp::socket socket)
      : gate_(gate), socket_(std::move(socket)), timer_(gate.io), hold_(gate.released) {}

  void start() {
    http::async_read(socket_, buffer_, request_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (!ec) self->on_request();
    });
  }

  void release(const std::string& target_id) { send_upstream(hold_.release(target_id)); }

 private:
  void on_request() {
    if (websocket::is_upgrade(request_)) return open_websocket();
    answer_http();
  }

  // Loopback and small: asked synchronously on the io thread.
  void answer_http() {
    http::response<http::string_body> out;
    try {
      tcp::socket upstream(gate_.io);
      upstream.connect({asio::ip::make_address(gate_.upstream_host), static_cast<unsigned short>(gate_.upstream_port)});
      http::request<http::string_body> asked{request_.method(), request_.target(), 11};
      asked.set(http::field::host, gate_.upstream_authority());
      http::write(upstream, asked);
      beast::flat_buffer buffer;
      http::response<http::string_body> answer;
      http::read(upstream, buffer, answer);
      out.result(answer.result());
      if (answer.count(http::field::content_type)) out.set(http::field::content_type, answer[http::field::content_type]);
      out.body() = replace_all(answer.body(), gate_.upstream_authority(), gate_.own_authority());
    } catch (const std::exception& e) {
      out.result(http::status::bad_gateway);
      out.body() = std::string("silentcors: the browser's DevTools did not answer: ") + e.what();
    }
    out.version(request_.version());
    out.keep_alive(false);
    out.prepare_payload();
    beast::error_code ignored;
    http::write(socket_, out, ignored);
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
  }

  void open_websocket() {
    upstream_.emplace(gate_.io);
    try {
      beast::get_lowest_layer(*upstream_).connect(
          {asio::ip::make_address(gate_.upstream_host), static_cast<unsigned short>(gate_.upstream_port)});
      upstream_->read_message_max(kMessageMax);
      upstream_->handshake(gate_.upstream_authority(), std::string(request_.target()));
    } catch (const std::exception&) {
      beast::error_code ignored;
      socket_.close(ignored);  // The suite sees a refused handshake, as with no browser.
      return;
    }
    suite_.emplace(std::move(socket_));
    suite_->read_message_max(kMessageMax);
    suite_->async_accept(request_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->close();
      self->read_suite();
      self->read_upstream();
    });
  }

  void read_suite() {
    suite_->async_read(suite_in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      std::string message = beast::buffers_to_string(self->suite_in_.data());
      self->suite_in_.consume(self->suite_in_.size());
      const std::size_t held_before = self->hold_.holds();
      self->send_upstream(self->hold_.from_suite(std::move(message), ResumeHold::Clock::now()));
      if (self->hold_.holds() != held_before) {
        ++self->gate_.held;
        self->arm_timer();
      }
      self->read_suite();
    });
  }

  void read_upstream() {
    upstream_->async_read(upstream_in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      std::string message = beast::buffers_to_string(self->upstream_in_.data());
      self->upstream_in_.consume(self->upstream_in_.size());
      self->hold_.from_browser(message);
      self->send(*self->suite_, self->to_suite_, std::move(message));
      self->read_upstream();
    });
  }

  void arm_timer() {
    if (!hold_.holding()) return;
    timer_.expires_at(hold_.oldest_hold() + DevToolsGate::kHoldLimit);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;  // Re-armed or closed.
      const std::size_t expired_before = self->hold_.expired();
      self->send_upstream(self->hold_.expire(ResumeHold::Clock::now() - DevToolsGate::kHoldLimit));
      self->gate_.expired += self->hold_.expired() - expired_before;
      self->arm_timer();
    });
  }

  void send_upstream(std::vector<std::string> messages) {
    if (!upstream_ || closed_) return;
    for (auto& m : messages) send(*upstream_, to_upstream_, std::move(m));
  }

  // One write at a time per stream (Beast allows no more): a message waits
  // in its stream's queue behind the one being written.
  void send(Stream& stream, std::deque<std::string>& queue, std::string message) {
    queue.push_back(std::move(message));
    if (queue.size() == 1) write_front(stream, queue);
  }

  void write_front(Stream& stream, std::deque<std::string>& queue) {
    stream.text(true);
    stream.async_write(asio::buffer(queue.front()),
                       [self = shared_from_this(), &stream, &queue](beast::error_code ec, std::size_t) {
                         if (ec) return self->close();
                         queue.pop_front();
                         if (!queue.empty()) self->write_front(stream, queue);
                       });
  }

  // Either side gone: the other goes too, as a direct connection would.
  void close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ignored;
    timer_.cancel();
    if (suite_) beast::get_lowest_layer(*suite_).close(ignored);
    if (upstream_) beast::get_lowest_layer(*upstream_).close(ignored);
  }

  DevToolsGate::Impl& gate_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  std::optional<Stream> suite_;
  std::optional<Stream> upstream_;
  beast::flat_buffer suite_in_;
  beast::flat_buffer upstream_in_;
  std::deque<std::string> to_suite_;
  std::deque<std::string> to_upstream_;
  asio::steady_timer timer_;
  ResumeHold hold_;
  bool closed_ = false;
};

void DevToolsGate::Impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec) return;  // Closed: the gate is ending.
    auto connection = std::make_shared<GateConnection>(*this, std::move(socket));
    connections.remove_if([](const auto& weak) { return weak.expired(); });
    connections.push_back(connection);
    connection->start();
    accept();
  });
}

DevToolsGate::DevToolsGate(const std::string& upstream_host, int upstream_port)
    : impl_(std::make_unique<Impl>(upstream_host, upstream_port)) {
  try {
    tcp::endpoint loopback(asio::ip::make_address("127.0.0.1"), 0);
    impl_->acceptor.open(loopback.protocol());
    impl_->acceptor.bind(loopback);
    impl_->acceptor.listen();
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("cannot open the suite's DevTools port on 127.0.0.1: ") + e.what());
  }
  impl_->accept();
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

DevToolsGate::~DevToolsGate() {
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int DevToolsGate::port() const { return impl_->acceptor.local_endpoint().port(); }

std::string DevToolsGate::http_url() const { return "http://" + impl_->own_authority(); }

std::string DevToolsGate::ws_url(const std::string& browser_path) const {
  return "ws://" + impl_->own_authority() + browser_path;
}

void DevToolsGate::release(const std::string& target_id) {
  asio::post(impl_->io, [impl = impl_.get(), target_id] {
    impl->released.insert(target_id);
    for (const auto& weak : impl->connections) {
      if (auto connection = weak.lock()) connection->release(target_id);
    }
  });
}

std::size_t DevToolsGate::resumes_held() const { return impl_->held; }
std::size_t DevToolsGate::resumes_expired() const { return impl_->expired; }

}  // namespace silentcors::browser

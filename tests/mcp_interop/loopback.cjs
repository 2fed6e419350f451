// Preloaded into the reference server: binds its HTTP listener to 127.0.0.1 (tests stay on
// loopback) and prints "ready <port>" on stdout once it listens (PORT=0 picks a free port).
const net = require("net");
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === "number" || typeof args[0] === "string") {
    const port = Number(args[0]);
    const rest = args.slice(1).filter((a) => typeof a !== "string");
    this.once("listening", () => process.stdout.write("ready " + this.address().port + "\n"));
    return listen.call(this, port, "127.0.0.1", ...rest);
  }
  return listen.apply(this, args);
};

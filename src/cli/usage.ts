// The help text. Kept next to the commands so that it lists what main.ts dispatches.
export const USAGE = `cnirun: run CNI plugins the way container runtimes do (a TypeScript cnitool)

Usage:
  cnirun add    <network> <netns>     attach the netns to the network, print the result
  cnirun check  <network> <netns>     CHECK the attachment against the cached result
  cnirun del    <network> <netns>     detach (DEL, in reverse plugin order)
  cnirun gc     <network> <netns>     DEL every cached attachment of the network, then GC
  cnirun status <network> <netns>     STATUS of every plugin of the network
  cnirun validate <file|dir>...       check configs (schemas and semantics), exit 1 on errors;
                                      with CNI_PATH set, also that every plugin is there and
                                      speaks the list's version
  cnirun run <network> -- <command> [args...]
                                      run a command in a fresh netns attached to the network
  cnirun install [--from <dir>] [dir] copy our plugins (dist/cni: executables, ipam.wasm, code
                                      caches) into a CNI bin dir (default /opt/cni/bin)
  cnirun help                         this text

Environment (as cnitool reads it):
  NETCONFPATH   config directory (default /etc/cni/net.d): *.conflist, then *.conf and *.json
  CNI_PATH      plugin directories, colon-separated
  CNI_ARGS      "K1=V1;K2=V2", passed to the plugins
  CAP_ARGS      JSON object of capability args, e.g. '{"ips":["192.0.2.10/24"]}'
  CNI_IFNAME    interface name in the netns (default eth0)
  CNI_CACHE_DIR result cache root (default /var/lib/cni; results go to <dir>/results)

add, check and del take -i/--ifname <name> before the network, overriding CNI_IFNAME.

The container ID is derived from the netns path as cnitool does ("cnitool-" + 20 hex digits), so
attachments made by cnitool can be checked or deleted here and the other way round.
`;

// libcni-driver runs one libcni (github.com/containernetworking/cni v1.3.0) operation, described by a
// JSON request in argv[1], and prints a JSON reply. The node tests drive it and our TypeScript
// runtime (test/interop/ts-driver.ts, same protocol) through the same scenarios, so that each side's
// behaviour and cache files can be checked against the other's.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/containernetworking/cni/libcni"
	"github.com/containernetworking/cni/pkg/types"
)

type request struct {
	Op               string                 `json:"op"`
	ConfDir          string                 `json:"confDir"`
	Network          string                 `json:"network"`
	CacheDir         string                 `json:"cacheDir"`
	Path             []string               `json:"path"`
	ContainerID      string                 `json:"containerId"`
	NetNS            string                 `json:"netns"`
	IfName           string                 `json:"ifName"`
	Args             [][2]string            `json:"args"`
	CapabilityArgs   map[string]interface{} `json:"capabilityArgs"`
	ValidAttachments *[]types.GCAttachment  `json:"validAttachments"`
	PluginType       string                 `json:"pluginType"`
}

type replyError struct {
	Message string `json:"message"`
	Code    uint   `json:"code,omitempty"`
}

type reply struct {
	Result      interface{} `json:"result,omitempty"`
	Error       *replyError `json:"error,omitempty"`
	CniVersion  string      `json:"cniVersion,omitempty"`
	Config      string      `json:"config,omitempty"`
	CachedArgs  [][2]string `json:"cachedArgs,omitempty"`
	CachedCaps  interface{} `json:"cachedCapabilityArgs,omitempty"`
	Attachments interface{} `json:"attachments,omitempty"`
	Versions    []string    `json:"versions,omitempty"`
}

func run(req request) (reply, error) {
	var out reply
	ctx := context.Background()
	cni := libcni.NewCNIConfigWithCacheDir(req.Path, req.CacheDir, nil)
	rt := &libcni.RuntimeConf{ContainerID: req.ContainerID, NetNS: req.NetNS, IfName: req.IfName, Args: req.Args, CapabilityArgs: req.CapabilityArgs}

	if req.Op == "attachments" {
		atts, err := cni.GetCachedAttachments(req.ContainerID)
		out.Attachments = atts
		return out, err
	}
	if req.Op == "version" {
		info, err := cni.GetVersionInfo(ctx, req.PluginType)
		if err == nil {
			out.Versions = info.SupportedVersions()
		}
		return out, err
	}

	list, err := libcni.LoadNetworkConf(req.ConfDir, req.Network)
	if err != nil {
		return out, err
	}
	out.CniVersion = list.CNIVersion
	switch req.Op {
	case "add":
		res, err := cni.AddNetworkList(ctx, list, rt)
		out.Result = res
		return out, err
	case "check":
		return out, cni.CheckNetworkList(ctx, list, rt)
	case "del":
		return out, cni.DelNetworkList(ctx, list, rt)
	case "gc":
		var args *libcni.GCArgs
		if req.ValidAttachments != nil {
			args = &libcni.GCArgs{ValidAttachments: *req.ValidAttachments}
		}
		return out, cni.GCNetworkList(ctx, list, args)
	case "status":
		return out, cni.GetStatusNetworkList(ctx, list)
	case "validate":
		caps, err := cni.ValidateNetworkList(ctx, list)
		out.Versions = caps
		return out, err
	case "cached":
		res, err := cni.GetNetworkListCachedResult(list, rt)
		if err != nil {
			return out, err
		}
		out.Result = res
		conf, cachedRt, err := cni.GetNetworkListCachedConfig(list, rt)
		if err != nil {
			return out, err
		}
		out.Config = string(conf)
		if cachedRt != nil {
			out.CachedArgs = cachedRt.Args
			out.CachedCaps = cachedRt.CapabilityArgs
		}
		return out, nil
	}
	return out, fmt.Errorf("unknown op %q", req.Op)
}

func main() {
	var req request
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: libcni-driver <json request>")
		os.Exit(2)
	}
	if err := json.Unmarshal([]byte(os.Args[1]), &req); err != nil {
		fmt.Fprintln(os.Stderr, "bad request:", err)
		os.Exit(2)
	}
	out, err := run(req)
	if err != nil {
		out.Error = &replyError{Message: err.Error()}
		var cniErr *types.Error
		if errors.As(err, &cniErr) {
			out.Error.Code = cniErr.Code
		}
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "encode:", err)
		os.Exit(2)
	}
}

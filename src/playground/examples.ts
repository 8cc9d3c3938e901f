// Configs to start from: the ones in the documents CNI was first described in (seeds), as written
// there, mistakes included, and a few that show what host-local does with ranges.

export interface Example {
  id: string;
  title: string;
  text: string;
}

// The CNI README's network, as first published (later revisions added cniVersion 0.2.0).
const SEED_MYNET = `{
	"name": "mynet",
	"type": "bridge",
	"bridge": "cni0",
	"isGateway": true,
	"ipMasq": true,
	"ipam": {
		"type": "host-local",
		"subnet": "10.22.0.0/16",
		"routes": [
			{ "dst": "0.0.0.0/0" }
		]
	}
}
`;

export const EXAMPLES: Example[] = [
  {
    id: 'bridge-v4',
    title: '20-podnet.conf: bridge + host-local, one /24',
    text: `{
  "cniVersion": "1.0.0",
  "name": "podnet",
  "type": "bridge",
  "bridge": "cni-pod",
  "hairpinMode": true,
  "ipam": {
    "type": "host-local",
    "ranges": [
      [{ "subnet": "10.22.0.0/24" }]
    ],
    "routes": [{ "dst": "0.0.0.0/0" }]
  }
}
`,
  },
  {
    id: 'seed-mynet',
    title: 'CNI README (2015): 10-mynet.conf, a /16, no cniVersion',
    text: SEED_MYNET,
  },
  {
    id: 'seed-mynet-020',
    title: 'CNI README: 10-mynet.conf with cniVersion 0.2.0',
    text: SEED_MYNET.replace('{\n', '{\n\t"cniVersion": "0.2.0",\n'),
  },
  {
    id: 'seed-loopback',
    title: 'CNI README: 99-loopback.conf',
    text: `{
	"cniVersion": "0.2.0",
	"name": "lo",
	"type": "loopback"
}
`,
  },
  {
    id: 'seed-default',
    title: 'host-local docs (2015): "default", 203.0.113.0/24',
    text: `{
    "name": "default",
    "ipam": {
        "type": "host-local",
        "subnet": "203.0.113.0/24"
    }
}
`,
  },
  {
    id: 'seed-ipv6',
    title: 'host-local docs (2015): "ipv6" with range-start/range-end',
    text: `{
	"name": "ipv6",
    "ipam": {
		"type": "host-local",
		"subnet": "3ffe:ffff:0:01ff::/64",
		"range-start": "3ffe:ffff:0:01ff::0010",
		"range-end": "3ffe:ffff:0:01ff::0020",
		"routes": [
			{ "dst": "3ffe:ffff:0:01ff::1/64" }
		]
	}
}
`,
  },
  {
    id: 'seed-ipv4',
    title: 'host-local docs (2015): "ipv4", subnet 203.0.113.1/24',
    text: `{
    "name": "ipv4",
	"ipam": {
		"type": "host-local",
		"subnet": "203.0.113.1/24",
		"range-start": "203.0.113.10",
		"range-end": "203.0.113.20",
		"routes": [
			{ "dst": "203.0.113.0/24" }
		]
	}
}
`,
  },
  {
    id: 'dual-stack',
    title: 'dual-stack .conflist: bridge + portmap, a /24 and a /64',
    text: `{
  "cniVersion": "1.0.0",
  "name": "dualstack",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni1",
      "isGateway": true,
      "ipam": {
        "type": "host-local",
        "ranges": [
          [{ "subnet": "10.88.0.0/24" }],
          [{ "subnet": "fd00:88::/64" }]
        ],
        "routes": [{ "dst": "0.0.0.0/0" }, { "dst": "::/0" }]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
`,
  },
  {
    id: 'two-ranges',
    title: 'one range set of two small ranges (round robin wraps)',
    text: `{
  "cniVersion": "1.1.0",
  "name": "tiny",
  "ipam": {
    "type": "host-local",
    "ranges": [
      [
        { "subnet": "192.168.10.0/28", "rangeStart": "192.168.10.4", "rangeEnd": "192.168.10.7" },
        { "subnet": "192.168.10.16/29" }
      ]
    ]
  }
}
`,
  },
  {
    id: 'mistakes',
    title: 'common mistakes: overlap, start after end, typo',
    text: `{
  "cniVersion": "1.0.0",
  "name": "broken",
  "type": "bridge",
  "ipam": {
    "type": "host-local",
    "ranges": [
      [{ "subnet": "10.1.0.0/16" }],
      [{ "subnet": "10.1.2.0/24", "rangeStart": "10.1.2.50", "rangeEnd": "10.1.2.40" }],
      [{ "subnet": "10.9.0.0/24", "gatway": "10.9.0.254" }]
    ]
  }
}
`,
  },
];

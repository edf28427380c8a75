package nodejs

import (
	"hash/fnv"
	"math"
	"strconv"

	"github.com/dop251/goja"

	"github.com/lambdatutor/lambdatutor/sandbox"
)

// Node's os module as a Lambda execution environment shows it. It is built
// on the first require('os'), never for a VM that does not ask.
//
// From AWS or measured on Lambda (cited in FACTS.md):
//   - platform linux, EOL "\n", tmpdir /tmp, little-endian;
//   - cpus(): 2 at 128–3008 MB, 3 to 5307, 4 to 7076, 5 to 8845, 6 above
//     (rwnx/lambda-cpuinfo's measurements; CPU scales with memory,
//     https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
//
// The tutor's own values (the sandbox has no machine to ask): hostname
// 169.254.x.y, a link-local address derived from the log stream, as Lambda
// environments name themselves by their link-local address; totalmem the
// function's memory setting and freemem that less the runtime's own use;
// uptime the environment's age on the virtual clock; the user
// sbx_user1051 (uid 993, gid 990) with home /home/sbx_user1051; kernel
// release osKernelRelease; CPU model osCPUModel; one network interface,
// lo (the tutor runs offline); loadavg zeros.

const (
	osUser          = "sbx_user1051"
	osHome          = "/home/" + osUser
	osUID, osGID    = 993, 990
	osKernelRelease = "5.10.240-258.954.amzn2.x86_64"
	osKernelVersion = "#1 SMP Wed Aug 20 00:00:00 UTC 2025"
)

var osCPUModel = map[sandbox.Arch]string{sandbox.X86_64: "Intel(R) Xeon(R) Processor @ 2.90GHz", sandbox.ARM64: ""}

// lambdaCPUs is the number of cores os.cpus() shows at a memory size.
func lambdaCPUs(memoryMB int) int {
	switch {
	case memoryMB <= 3008:
		return 2
	case memoryMB <= 5307:
		return 3
	case memoryMB <= 7076:
		return 4
	case memoryMB <= 8845:
		return 5
	}
	return 6
}

func (in *instance) osModule() goja.Value {
	vm := in.vm
	cfg := in.h.Config
	arch, machine, release := "x64", "x86_64", osKernelRelease
	if cfg.Arch == sandbox.ARM64 {
		arch, machine, release = "arm64", "aarch64", osKernelRelease[:len(osKernelRelease)-len("x86_64")]+"aarch64"
	}
	total := int64(cfg.MemoryMB) * 1024 * 1024
	used := int64(in.h.Runtime.MemoryMB[cfg.Arch] * 1024 * 1024)
	h := fnv.New32a()
	_, _ = h.Write([]byte(in.h.LogStream))
	sum := h.Sum32()
	hostname := "169.254." + strconv.Itoa(int(sum>>8&0xff)) + "." + strconv.Itoa(int(sum&0xfd)+1)
	str := func(s string) func(goja.FunctionCall) goja.Value {
		return func(goja.FunctionCall) goja.Value { return vm.ToValue(s) }
	}
	o := vm.NewObject()
	set := func(k string, v interface{}) { _ = o.Set(k, v) }
	set("EOL", "\n")
	set("devNull", "/dev/null")
	set("arch", str(arch))
	set("machine", str(machine))
	set("platform", str("linux"))
	set("type", str("Linux"))
	set("release", str(release))
	set("version", str(osKernelVersion))
	set("endianness", str("LE"))
	set("hostname", str(hostname))
	set("tmpdir", str("/tmp"))
	set("homedir", str(osHome))
	set("totalmem", func(goja.FunctionCall) goja.Value { return vm.ToValue(total) })
	set("freemem", func(goja.FunctionCall) goja.Value { return vm.ToValue(max(total-used, 0)) })
	set("uptime", func(goja.FunctionCall) goja.Value {
		return vm.ToValue(math.Floor(in.now().Sub(in.h.Start).Seconds()*100) / 100)
	})
	set("loadavg", func(goja.FunctionCall) goja.Value { return vm.ToValue([]interface{}{0, 0, 0}) })
	n := lambdaCPUs(cfg.MemoryMB)
	set("availableParallelism", func(goja.FunctionCall) goja.Value { return vm.ToValue(n) })
	set("cpus", func(goja.FunctionCall) goja.Value {
		ms := in.now().Sub(in.h.Start).Milliseconds()
		cpus := make([]interface{}, n)
		for i := range cpus {
			cpu := vm.NewObject()
			_ = cpu.Set("model", osCPUModel[cfg.Arch])
			speed := 2900
			if cfg.Arch == sandbox.ARM64 {
				speed = 0
			}
			_ = cpu.Set("speed", speed)
			times := vm.NewObject()
			for _, k := range []string{"user", "nice", "sys", "idle", "irq"} {
				v := int64(0)
				if k == "idle" {
					v = ms
				}
				_ = times.Set(k, v)
			}
			_ = cpu.Set("times", times)
			cpus[i] = cpu
		}
		return vm.ToValue(cpus)
	})
	set("userInfo", func(call goja.FunctionCall) goja.Value {
		u := vm.NewObject()
		_ = u.Set("uid", osUID)
		_ = u.Set("gid", osGID)
		_ = u.Set("username", osUser)
		_ = u.Set("homedir", osHome)
		_ = u.Set("shell", "/sbin/nologin")
		return u
	})
	set("networkInterfaces", func(goja.FunctionCall) goja.Value {
		lo := vm.NewObject()
		for _, kv := range [][2]interface{}{{"address", "127.0.0.1"}, {"netmask", "255.0.0.0"}, {"family", "IPv4"},
			{"mac", "00:00:00:00:00:00"}, {"internal", true}, {"cidr", "127.0.0.1/8"}} {
			_ = lo.Set(kv[0].(string), kv[1])
		}
		ifs := vm.NewObject()
		_ = ifs.Set("lo", vm.ToValue([]interface{}{lo}))
		return ifs
	})
	set("getPriority", func(goja.FunctionCall) goja.Value { return vm.ToValue(0) })
	return o
}

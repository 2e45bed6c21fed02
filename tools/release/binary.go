package main

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"fmt"
)

// checkBinary fails unless bin is an executable for p: the right format
// (ELF, Mach-O, PE), machine and, for ELF, OS ABI. A zip named for one
// platform and holding another's binary would install and then fail to
// run on every machine of that platform; nothing else would notice.
func checkBinary(p Platform, bin []byte) error {
	switch p.OS {
	case "darwin":
		f, err := macho.NewFile(bytes.NewReader(bin))
		if err != nil {
			return fmt.Errorf("not a Mach-O executable: %w", err)
		}
		want := map[string]macho.Cpu{"amd64": macho.CpuAmd64, "arm64": macho.CpuArm64}[p.Arch]
		if f.Cpu != want || f.Type != macho.TypeExec {
			return fmt.Errorf("Mach-O %v %v, want %v executable", f.Cpu, f.Type, want)
		}
	case "windows":
		f, err := pe.NewFile(bytes.NewReader(bin))
		if err != nil {
			return fmt.Errorf("not a PE executable: %w", err)
		}
		want := map[string]uint16{"amd64": pe.IMAGE_FILE_MACHINE_AMD64, "386": pe.IMAGE_FILE_MACHINE_I386,
			"arm64": pe.IMAGE_FILE_MACHINE_ARM64}[p.Arch]
		if f.Machine != want || f.Characteristics&pe.IMAGE_FILE_EXECUTABLE_IMAGE == 0 {
			return fmt.Errorf("PE machine %#x characteristics %#x, want machine %#x executable", f.Machine, f.Characteristics, want)
		}
	default:
		f, err := elf.NewFile(bytes.NewReader(bin))
		if err != nil {
			return fmt.Errorf("not an ELF executable: %w", err)
		}
		want := map[string]elf.Machine{"amd64": elf.EM_X86_64, "386": elf.EM_386, "arm": elf.EM_ARM, "arm64": elf.EM_AARCH64}[p.Arch]
		abi := map[string]elf.OSABI{"linux": elf.ELFOSABI_NONE, "freebsd": elf.ELFOSABI_FREEBSD}[p.OS]
		if f.Machine != want || f.OSABI != abi || f.Type != elf.ET_EXEC {
			return fmt.Errorf("ELF %v %v %v, want %v %v executable", f.Machine, f.OSABI, f.Type, want, abi)
		}
	}
	return nil
}

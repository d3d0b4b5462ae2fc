import Foundation

// Argument parsing and wiring only: every rule lives in LanziService and LanziCore.
exit(LanziCommandLine.run(Array(CommandLine.arguments.dropFirst())))

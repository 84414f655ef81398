import BurnrateCLI
import Foundation

exit(BurnrateCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))

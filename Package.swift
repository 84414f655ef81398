// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "burnrate",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Burnrate", targets: ["Burnrate"]),
        .library(name: "BurnrateCLI", targets: ["BurnrateCLI"]),
        .executable(name: "burnrate", targets: ["burnrate"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CYAML", path: "Sources/CYAML"),
        .target(name: "Burnrate", dependencies: ["CYAML", "CSQLite"]),
        .target(name: "BurnrateCLI", dependencies: ["Burnrate"]),
        .executableTarget(name: "burnrate", dependencies: ["BurnrateCLI"]),
        .testTarget(
            name: "BurnrateTests",
            dependencies: ["Burnrate", "BurnrateCLI", "burnrate"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The same upcoming features for every target; system-library targets accept no settings.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}

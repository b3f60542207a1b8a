// Standalone build of the Rollgate Android library: `gradle :assembleRelease` from mobile/android
// (or include this directory as a module of your app's build).
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}
dependencyResolutionManagement {
    repositories {
        google()
        mavenCentral()
    }
}
rootProject.name = "rollgate-android"

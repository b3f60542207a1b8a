// Rollgate for Android: a Gradle library module (AAR).
//
// Sources: the uniffi-generated Kotlin (../generated/kotlin, from scripts/build-mobile.sh), the
// platform-neutral wrapper (../kotlin/src/main/kotlin, also compiled and tested on the JVM by
// scripts/test-mobile.sh) and the Android-only helpers here (src/main/kotlin).
// Native libraries: src/main/jniLibs/<abi>/librollgate_mobile.so, built by scripts/build-android.sh
// (cargo-ndk). This module is not built on the development machine of this repository: it has
// no Android SDK or NDK (see docs/mobile.md).
plugins {
    id("com.android.library") version "8.5.2"
    id("org.jetbrains.kotlin.android") version "2.0.21"
}

android {
    namespace = "dev.rollgate.android"
    compileSdk = 34

    defaultConfig {
        minSdk = 21
        consumerProguardFiles("consumer-rules.pro")
    }

    sourceSets["main"].kotlin.srcDirs(
        "src/main/kotlin",
        "../kotlin/src/main/kotlin",
        "../generated/kotlin",
    )

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_1_8
        targetCompatibility = JavaVersion.VERSION_1_8
    }
    kotlinOptions {
        jvmTarget = "1.8"
    }
}

dependencies {
    // uniffi's Kotlin calls the native library through JNA; the @aar variant ships JNA's own
    // per-ABI libjnidispatch.so.
    implementation("net.java.dev.jna:jna:5.14.0@aar")
}

// Stub of the Gradle Kotlin DSL calls used by mobile/README.md's settings and build scripts
// (see README.md here). The tests run those snippets against it and check what they declared.
package dev.rollgate.readme.gradle

import java.io.File

class ProjectDescriptor(val path: String) {
    var projectDir: File = File(".")
}

class DependencyHandlerScope {
    val implementations = mutableListOf<Any>()
    fun implementation(dependency: Any) {
        implementations.add(dependency)
    }
    fun project(path: String): ProjectDependency = ProjectDependency(path)
}

data class ProjectDependency(val path: String)

/** What a settings.gradle.kts or build.gradle.kts snippet can call. */
class GradleScript {
    val included = mutableListOf<String>()
    val projects = linkedMapOf<String, ProjectDescriptor>()
    val dependencies = DependencyHandlerScope()

    fun include(vararg projectPaths: String) {
        included.addAll(projectPaths)
    }
    fun project(path: String): ProjectDescriptor = projects.getOrPut(path) { ProjectDescriptor(path) }
    fun file(path: Any): File = File(path.toString())
    fun dependencies(configuration: DependencyHandlerScope.() -> Unit) {
        dependencies.configuration()
    }
}

/**
 * Checks of what operators deploy: the Kubernetes manifests and the documented configuration keys.
 */
package dev.mssqlbulk.deploy;

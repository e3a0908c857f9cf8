/**
 * The JSON data model in omicron's shapes and names, shared by sleds, gateway, fetcher and reconciler:
 * {@link SledVmmState} with {@link VmmRuntimeState} ({@link VmmState}) and {@link MigrationRuntimeState}
 * ({@link MigrationState}), the batch read's {@link VmmStatesRequest} and {@link VmmStatesResponse}, the
 * sled state API's {@link ApiVersion}, the directory's {@link SledRecord}, the {@link Doorbell} interface
 * and the Jackson mappers ({@link Json}).
 */
package dev.doorbell.model;

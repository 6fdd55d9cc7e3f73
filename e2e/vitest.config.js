import { defineConfig } from 'vitest/config';
export default defineConfig({
    test: {
        include: ['specs/**/*.spec.ts'],
        testTimeout: 60_000,
        hookTimeout: 120_000,
        fileParallelism: false,
    },
});

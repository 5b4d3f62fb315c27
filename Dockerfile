# syntax=docker/dockerfile:1
# One image for every farside role: gateway, kubelet, sim, pack/push. The command picks it:
#   docker run --rm -p 5683:5683/udp -p 1883:1883 farside gateway
#   docker run --rm farside kubelet --mqtt-url mqtt://gateway:1883

FROM node:20-bookworm-slim AS build
WORKDIR /src
# vendor/ holds a local package the lockfile points at (the cbor-extract override).
COPY package.json package-lock.json ./
COPY vendor ./vendor
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Production dependencies alone, installed apart so that no dev tool reaches the runtime image.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY vendor ./vendor
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/vendor ./vendor
COPY --from=build /src/dist ./dist
# The example workloads, so `farside pack examples/workloads/dist/temperature.service.json ...` works in the image.
COPY --from=build /src/examples/workloads/dist ./examples/workloads/dist
COPY package.json ./
# 5683/udp LwM2M over CoAP, 1883 the embedded MQTT broker, 10250 the first node's kubelet API.
EXPOSE 5683/udp 1883 10250
# The image's `node` user, by number so that runAsNonRoot can verify it.
USER 1000:1000
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["--help"]

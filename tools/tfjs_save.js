// Build small models with tfjs-layers and save each as tfjs' own model.json (run by tools/make_tfjs_files.py).
//
// node tools/tfjs_save.js OUT_DIR PREFIX   (NODE_PATH: a node_modules holding @tensorflow/tfjs)
// Writes OUT_DIR/PREFIX_<name>.json as tf.io.browserDownloads writes model.json (the same fields, the
// weights file named but not written) and prints tfjs' own counts as one JSON line.

const fs = require("fs");
const path = require("path");
const tf = require("@tensorflow/tfjs");

function seqDense(prefix) {
  const model = tf.sequential({name: prefix + "_seq_dense"});
  model.add(tf.layers.dense({units: 10, inputShape: [784], activation: "relu"}));
  model.add(tf.layers.dropout({rate: 0.2}));
  model.add(tf.layers.dense({units: 10, activation: "softmax"}));
  return model;
}

function conv(prefix) {
  const model = tf.sequential({name: prefix + "_conv"});
  model.add(tf.layers.conv2d({inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: "relu"}));
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.maxPooling2d({poolSize: 2}));
  model.add(tf.layers.separableConv2d({filters: 16, kernelSize: 3}));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({units: 4}));
  return model;
}

function functionalRnn(prefix) {
  const tokens = tf.input({shape: [20], name: "tokens"});
  const extra = tf.input({shape: [3], name: "extra"});
  let x = tf.layers.embedding({inputDim: 400, outputDim: 12}).apply(tokens);
  x = tf.layers.bidirectional({layer: tf.layers.lstm({units: 6, returnSequences: true})}).apply(x);
  x = tf.layers.gru({units: 5}).apply(x);
  x = tf.layers.concatenate().apply([x, tf.layers.dense({units: 4}).apply(extra)]);
  const output = tf.layers.dense({units: 2, activation: "softmax"}).apply(x);
  return tf.model({inputs: [tokens, extra], outputs: output, name: prefix + "_functional_rnn"});
}

function teachable(prefix) {
  // Teachable Machine's image models: a Sequential holding a Sequential around a functional base, then a head.
  const image = tf.input({shape: [32, 32, 3]});
  let x = tf.layers.conv2d({filters: 8, kernelSize: 3, strides: 2, useBias: false}).apply(image);
  x = tf.layers.batchNormalization().apply(x);
  x = tf.layers.reLU({maxValue: 6}).apply(x);
  const base = tf.model({inputs: image, outputs: x, name: "base"});
  const trunk = tf.sequential({layers: [base, tf.layers.globalAveragePooling2d({})], name: "trunk"});
  const head = tf.sequential({name: "head"});
  head.add(tf.layers.dense({units: 16, inputShape: [8], activation: "relu"}));
  head.add(tf.layers.dense({units: 3, activation: "softmax"}));
  return tf.sequential({layers: [trunk, head], name: prefix + "_teachable"});
}

function count(weights) {
  return weights.reduce((total, w) => total + w.shape.reduce((a, b) => a * b, 1), 0);
}

function layerTruth(layer) {
  const shape = layer.outputShape;
  const entry = {name: layer.name, class: layer.getClassName(), params: layer.countParams(),
                 trainable: count(layer.trainableWeights), output_shape: shape};
  if (layer.layers !== undefined) entry.layers = layer.layers.map(layerTruth);
  return entry;
}

async function main() {
  const out = process.argv[2];
  const prefix = process.argv[3] || "js";
  const truth = {};
  for (const make of [seqDense, conv, functionalRnn, teachable]) {
    const model = make(prefix);
    const name = model.name;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      const modelJSON = {modelTopology: artifacts.modelTopology, format: artifacts.format,
                         generatedBy: artifacts.generatedBy, convertedBy: artifacts.convertedBy,
                         weightsManifest: [{paths: ["./" + name + ".weights.bin"], weights: artifacts.weightSpecs}]};
      fs.writeFileSync(path.join(out, name + ".json"), JSON.stringify(modelJSON));
      return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: "JSON"}};
    }));
    const trainable = count(model.trainableWeights);
    truth[name] = {keras_format: "tfjs", total: model.countParams(), trainable: trainable,
                   non_trainable: model.countParams() - trainable, layers: model.layers.map(layerTruth)};
  }
  console.log(JSON.stringify(truth));
}

main();

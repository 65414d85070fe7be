//! An inventory service for the log corpus: worker threads panic in known
//! ways (each panic prints "thread 'worker-N' panicked at file:line:col:"
//! and, with RUST_BACKTRACE set, a backtrace), the main thread logs each
//! failed worker, and finally the main thread panics itself.
use std::collections::HashMap;
use std::thread;

fn parse_qty(s: &str) -> u32 {
    s.parse::<u32>().expect("quantity must be a number")
}

fn reserve(stock: &HashMap<&str, u32>, sku: &str) -> u32 {
    stock[sku] - 1
}

fn work(kind: &'static str) {
    match kind {
        "qty" => {
            parse_qty("seven");
        }
        "stock" => {
            let stock: HashMap<&str, u32> = HashMap::new();
            reserve(&stock, "sku-42");
        }
        _ => {}
    }
}

fn pick(slots: &[u32], i: usize) -> u32 {
    slots[i]
}

fn main() {
    // kinds per worker: qty fails 3 times, stock twice.
    let plan: [&'static str; 6] = ["qty", "stock", "ok", "qty", "stock", "qty"];
    for (n, &kind) in plan.iter().enumerate() {
        let h = thread::Builder::new()
            .name(format!("worker-{}", n + 1))
            .spawn(move || work(kind))
            .unwrap();
        if h.join().is_err() {
            eprintln!("[inventory] worker-{} failed, continuing", n + 1);
        }
    }
    let slots = vec![1, 2, 3];
    let i = slots.len() + 2;
    println!("{}", pick(&slots, i));
}

fn main() {
    println!("wsfleet: under construction");
}

// A stock reservation service for the log corpus that fails in known ways;
// each failure is caught and printed with printStackTrace() (Java's trace:
// "Caused by:", "... N more"), and a restock thread dies of an uncaught
// exception at the end.
package shop.stock

import kotlin.concurrent.thread

class Sku(val code: String, val bin: String?)

object Inventory {
    private val counts = mapOf("A-100" to 12, "B-200" to 0)

    fun parseQuantity(raw: String): Int = raw.trim().toInt()

    fun reserve(id: Int, raw: String): Int {
        try {
            return parseQuantity(raw)
        } catch (e: NumberFormatException) {
            throw IllegalStateException("reservation $id failed: bad quantity", e)
        }
    }

    fun binOf(sku: Sku): Int = sku.bin!!.length

    fun release(id: Int, qty: Int) {
        require(qty > 0) { "release $id: quantity must be positive, got $qty" }
        println("released $qty for $id")
    }

    fun perBin(code: String): Int = 100 / counts.getValue(code)
}

fun main() {
    val plan = listOf("qty", "npe", "ok", "neg", "qty", "npe", "ok", "qty", "neg")
    var id = 5200
    for (what in plan) {
        id += 13
        try {
            when (what) {
                "qty" -> Inventory.reserve(id, "${id}x")
                "npe" -> Inventory.binOf(Sku("A-100", null))
                "neg" -> Inventory.release(id, -id % 7 - 1)
                else -> println("reserved ${Inventory.reserve(id, " 3 ")} for $id")
            }
        } catch (e: Exception) {
            e.printStackTrace()
        }
    }
    thread(name = "restock") { println("per bin ${Inventory.perBin("B-200")}") }.join()
}
